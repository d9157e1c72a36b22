import Foundation
import FuretDocuments
import FuretRelease
import FuretTestSupport
import Glibc
import Testing
@testable import FuretServer

/// The real `furetd` binary: start, serve, refuse a second instance, remember roots, stop on SIGTERM.
@Suite(.serialized) struct DaemonProcessTests {
    /// The `furetd` built next to this test bundle.
    static let binary = (try? BuiltProduct.url("furetd").path) ?? "furetd"

    typealias Daemon = DaemonProcess

    /// Sends one request and returns the decoded reply, retrying while the daemon starts.
    func request(_ socket: String, _ line: String, seconds: Double = 20) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            do {
                let client = try TestClient(path: socket)
                try client.send(line + "\n")
                if let reply = try client.receive() { return reply }
            } catch where Date() < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    func waitUntilIdle(_ socket: String) async throws -> [String: Any] {
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            let status = try #require(try await request(socket, #"{"jsonrpc":"2.0","id":1,"method":"status"}"#)["result"] as? [String: Any])
            if status["pending"] as? Int == 0 { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the daemon never became idle")
        return [:]
    }

    @Test func versionNamesTheReleaseAndTheIndexFormat() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["--version"]
        let stdout = Pipe()
        process.standardOutput = stdout
        try process.run()
        let output = String(decoding: stdout.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(output == "furetd \(ReleaseVersion.number) (index format \(ReleaseVersion.indexFormat))\n")
    }

    @Test func servesRefusesASecondInstanceRemembersRootsAndStopsOnSIGTERM() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build furetd first: \(Self.binary)")
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("furetd-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/docs", withIntermediateDirectories: true)
        try Data("Le rapport de l’enquête est publié.".utf8).write(to: URL(fileURLWithPath: work + "/docs/rapport.txt"))
        let socket = work + "/run/furet.sock"
        let arguments = ["--socket", socket, "--index", work + "/index/index.sqlite"]

        let first = try Daemon(arguments + [work + "/docs"])
        #expect(try await waitUntilIdle(socket)["documents"] as? Int == 1)
        let search = try await request(socket, #"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"enquete"}}"#)
        #expect((search["result"] as? [String: Any])?["total"] as? Int == 1)

        let second = try Daemon(arguments)
        #expect(await second.waitForExit() == 1)
        #expect(second.log.contains("another furetd is already serving"))
        #expect(try await waitUntilIdle(socket)["documents"] as? Int == 1)

        kill(first.process.processIdentifier, SIGTERM)
        #expect(await first.waitForExit() == 0)
        #expect(!FileManager.default.fileExists(atPath: socket))

        // Restarted without roots: the remembered root is reconciled (a new file appears).
        try Data("Un second rapport.".utf8).write(to: URL(fileURLWithPath: work + "/docs/second.txt"))
        let restarted = try Daemon(arguments)
        let status = try await waitUntilIdle(socket)
        #expect(status["documents"] as? Int == 2)
        #expect(status["roots"] as? [String] == [FileManager.default.fileExists(atPath: work) ? (try resolved(work + "/docs")) : ""])
        kill(restarted.process.processIdentifier, SIGINT)
        #expect(await restarted.waitForExit() == 0)
    }

    /// The file names a search returns, sorted, waiting up to a minute for `expected`.
    func paths(_ socket: String, _ query: String, becoming expected: [String]) async throws -> [String] {
        try await hits(socket, query, becoming: expected) { $0.fileName }
    }

    /// The hits of a search as `describe` gives them, sorted, waiting up to a minute for
    /// `expected`: a change reaches the index within a second on a quiet machine, but a full
    /// run on 2 cores beside a build once took more than 10 s.
    func hits(_ socket: String, _ query: String, becoming expected: [String], describe: ([String: Any]) -> String) async throws -> [String] {
        let deadline = Date().addingTimeInterval(60)
        var found: [String] = []
        repeat {
            let json = String(data: try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": 1, "method": "search", "params": ["query": query]]), encoding: .utf8)!
            let hits = ((try await request(socket, json)["result"] as? [String: Any])?["hits"] as? [[String: Any]]) ?? []
            found = hits.map(describe).sorted()
            if found == expected { return found }
            try await Task.sleep(for: .milliseconds(20))
        } while Date() < deadline
        return found
    }

    @Test func followsFilesAsTheyChangeAndCatchesUpAfterARestart() async throws {
        let work = try resolved(FileManager.default.temporaryDirectory.path) + "/furetd-live-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let docs = work + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let socket = work + "/run/furet.sock"
        let arguments = ["--socket", socket, "--index", work + "/index.sqlite", docs]
        func write(_ name: String, _ text: String) throws {
            try FileManager.default.createDirectory(atPath: ((docs + "/" + name) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: docs + "/" + name))
        }

        let daemon = try Daemon(arguments)
        _ = try await waitUntilIdle(socket)
        try write("a.txt", "Le hibou veille sur la grange.")
        #expect(try await paths(socket, "hibou", becoming: ["a.txt"]) == ["a.txt"])
        try write("a.txt", "La chouette veille sur la grange.")
        #expect(try await paths(socket, "chouette", becoming: ["a.txt"]) == ["a.txt"])
        #expect(try await paths(socket, "hibou", becoming: []) == [])
        try FileManager.default.moveItem(atPath: docs + "/a.txt", toPath: docs + "/b.txt")
        #expect(try await paths(socket, "chouette", becoming: ["b.txt"]) == ["b.txt"])
        try write("sous/dossier/c.txt", "Un renard dans un dossier neuf.")
        #expect(try await paths(socket, "renard", becoming: ["c.txt"]) == ["c.txt"])
        try FileManager.default.removeItem(atPath: docs + "/sous")
        #expect(try await paths(socket, "renard", becoming: []) == [])
        try write(".cache/d.txt", "Un blaireau caché.")
        try write("e.txt~", "Un blaireau de sauvegarde.")
        try write("f.txt", "Un témoin final.")
        #expect(try await paths(socket, "temoin", becoming: ["f.txt"]) == ["f.txt"])
        #expect(try await paths(socket, "blaireau", becoming: []) == [])
        #expect((try await waitUntilIdle(socket)["watched_directories"] as? Int ?? 0) >= 1)

        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(await daemon.waitForExit() == 0)
        // Changes while stopped: one added, one changed, one deleted.
        try write("g.txt", "Un cerf ajouté pendant l'arrêt.")
        try write("f.txt", "Un témoin modifié pendant l'arrêt, plus long.")
        try FileManager.default.removeItem(atPath: docs + "/b.txt")
        let restarted = try Daemon(Array(arguments.dropLast()))
        let status = try await waitUntilIdle(socket)
        #expect(status["documents"] as? Int == 2)
        #expect(try await paths(socket, "cerf", becoming: ["g.txt"]) == ["g.txt"])
        #expect(try await paths(socket, "modifie", becoming: ["f.txt"]) == ["f.txt"])
        #expect(try await paths(socket, "chouette", becoming: []) == [])
        kill(restarted.process.processIdentifier, SIGTERM)
        #expect(await restarted.waitForExit() == 0)
    }

    @Test func followsAFileNamedInLatin1ThroughARenameAndADeletion() async throws {
        let work = try resolved(FileManager.default.temporaryDirectory.path) + "/furetd-names-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let docs = work + "/docs"
        try FileManager.default.createDirectory(atPath: docs, withIntermediateDirectories: true)
        let socket = work + "/run/furet.sock"
        let daemon = try Daemon(["--socket", socket, "--index", work + "/index.sqlite", docs])
        _ = try await waitUntilIdle(socket)
        let folder = Array((docs + "/").utf8)
        let first = folder + [0x72, 0xE9] + Array("sum".utf8) + [0xE9] + Array(".txt".utf8)  // "r\xe9sum\xe9.txt"
        let second = folder + Array("ann".utf8) + [0xE9, 0x65] + Array(".txt".utf8)  // "ann\xe9e.txt"
        let (firstName, secondName) = (PathBytes.string(Array(first[folder.count...])), PathBytes.string(Array(second[folder.count...])))

        try createFile(atRawPath: first, "Le hérisson traverse la clairière.")
        #expect(try await paths(socket, "herisson", becoming: [firstName]) == [firstName])
        try #require(withRawPath(first) { from in withRawPath(second) { rename(from, $0) } } == 0)
        #expect(try await paths(socket, "herisson", becoming: [secondName]) == [secondName])
        try #require(withRawPath(second) { unlink($0) } == 0)
        #expect(try await paths(socket, "herisson", becoming: []) == [])

        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    /// A folder renamed (accented, with a subfolder) moves its files' documents without
    /// reading them again (``StoredPath``): the daemon restarted over the same folders finds
    /// every file unchanged.
    @Test func followsAFolderWithAnAccentedNameThroughARename() async throws {
        let work = try resolved(FileManager.default.temporaryDirectory.path) + "/furetd-folders-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let docs = work + "/docs"
        try FileManager.default.createDirectory(atPath: docs + "/Études/Été", withIntermediateDirectories: true)
        try Data("Le hérisson traverse la clairière.".utf8).write(to: URL(fileURLWithPath: docs + "/Études/a.txt"))
        try Data("Le hérisson dort sous les feuilles.".utf8).write(to: URL(fileURLWithPath: docs + "/Études/Été/b.txt"))
        let socket = work + "/run/furet.sock"
        let arguments = ["--socket", socket, "--index", work + "/index.sqlite", docs]
        let daemon = try Daemon(arguments)
        _ = try await waitUntilIdle(socket)
        let expected = { (folder: String) in [docs + "/\(folder)/Été/b.txt", docs + "/\(folder)/a.txt"].sorted() }
        #expect(try await hits(socket, "herisson", becoming: expected("Études")) { $0["path"] as? String ?? "" } == expected("Études"))
        try FileManager.default.moveItem(atPath: docs + "/Études", toPath: docs + "/Réunions")
        #expect(try await hits(socket, "herisson", becoming: expected("Réunions")) { $0["path"] as? String ?? "" } == expected("Réunions"))
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(await daemon.waitForExit() == 0)

        let restarted = try Daemon(arguments)
        _ = try await waitUntilIdle(socket)
        kill(restarted.process.processIdentifier, SIGTERM)
        #expect(await restarted.waitForExit() == 0)
        #expect(restarted.log.contains("indexed=0 removed=0"), "\(restarted.log)")
    }

    @Test func theIndexIsPrivateToItsOwner() async throws {
        let work = try workFolder(documents: ["rapport.txt": "Le rapport secret."])
        defer { try? FileManager.default.removeItem(atPath: work) }
        let socket = work + "/run/furet.sock"
        let index = work + "/data/furet/index.sqlite"
        let daemon = try Daemon(["--socket", socket, "--index", index, work + "/docs"])
        #expect(try await waitUntilIdle(socket)["documents"] as? Int == 1)
        func mode(_ path: String) -> mode_t? {
            var info = stat()
            return lstat(path, &info) == 0 ? info.st_mode & 0o777 : nil
        }
        #expect(mode(work + "/data/furet") == 0o700)
        for suffix in ["", "-wal", "-shm"] { #expect(mode(index + suffix) == 0o600, "index\(suffix)") }
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(await daemon.waitForExit() == 0)

        // An index left readable by an older version is narrowed at the next start.
        #expect(chmod(index, 0o644) == 0)
        let restarted = try Daemon(["--socket", socket, "--index", index])
        _ = try await waitUntilIdle(socket)
        #expect(mode(index) == 0o600)
        kill(restarted.process.processIdentifier, SIGTERM)
        #expect(await restarted.waitForExit() == 0)
    }

    @Test func aSocketFolderOpenToOthersIsRefused() async throws {
        let work = try workFolder(documents: [:])
        defer { try? FileManager.default.removeItem(atPath: work) }
        try FileManager.default.createDirectory(atPath: work + "/run", withIntermediateDirectories: true)
        #expect(chmod(work + "/run", 0o777) == 0)
        let daemon = try Daemon(["--socket", work + "/run/furet.sock", "--index", work + "/index.sqlite"])
        #expect(await daemon.waitForExit() == 1)
        #expect(daemon.log.contains("refusing to serve in \(work)/run"))
        #expect(!FileManager.default.fileExists(atPath: work + "/run/furet.sock"))
    }

    /// A client that pipelines requests and reads no reply fills the socket's buffers, and
    /// the connection's thread waits to send: the daemon still stops within 5 s of SIGTERM.
    @Test func sigtermStopsWithinFiveSecondsWhenAClientReadsNothing() async throws {
        let work = try workFolder(documents: ["a.txt": "Le cheval blanc."])
        defer { try? FileManager.default.removeItem(atPath: work) }
        let socket = work + "/run/furet.sock"
        let daemon = try Daemon(["--socket", socket, "--index", work + "/index.sqlite", work + "/docs"])
        _ = try await waitUntilIdle(socket)
        let greedy = try TestClient(path: socket)
        let request = Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"cheval"}}"#.utf8) + [10]
        let batch = Array([[UInt8]](repeating: request, count: 2_000).joined())
        let descriptor = greedy.descriptor
        Thread.detachNewThread { for _ in 0..<50 { try? UnixSocket.write(descriptor, batch) } }
        try await Task.sleep(for: .milliseconds(500))
        let start = Date()
        kill(daemon.process.processIdentifier, SIGTERM)
        let status = await daemon.waitForExit(seconds: 10)
        #expect(status == 0)
        #expect(Date().timeIntervalSince(start) <= 5, "stopped after \(Date().timeIntervalSince(start)) s")
        #expect(!FileManager.default.fileExists(atPath: socket))
        withExtendedLifetime(greedy) {}
    }

    /// Damage of three kinds at start: pages overwritten, a file that is not a database, and a
    /// sound file marked by a run that met damage while serving. Each time the file is set aside
    /// (kept), the index rebuilt from the roots it remembered, and status says so.
    @Test(arguments: ["overwritten pages", "not a database", "marked while serving"])
    func aDamagedIndexIsSetAsideAndRebuiltFromItsRoots(damage: String) async throws {
        let work = try workFolder(documents: ["a.txt": "Le cheval blanc.", "b.txt": "La jument grise."])
        defer { try? FileManager.default.removeItem(atPath: work) }
        let socket = work + "/run/furet.sock"
        let index = work + "/index/index.sqlite"
        let first = try Daemon(["--socket", socket, "--index", index, work + "/docs"])
        #expect(try await waitUntilIdle(socket)["documents"] as? Int == 2)
        kill(first.process.processIdentifier, SIGTERM)
        #expect(await first.waitForExit() == 0)
        let handle = try #require(FileHandle(forUpdatingAtPath: index))
        switch damage {
        case "overwritten pages":
            let size = try handle.seekToEnd()
            // Every page but the first loses its header.
            for offset in stride(from: UInt64(4096), to: size, by: 4096) {
                try handle.seek(toOffset: offset)
                handle.write(Data((0..<1500).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 7) }))
            }
        case "not a database":
            try handle.truncate(atOffset: 0)
            handle.write(Data(String(repeating: "pas une base ", count: 1000).utf8))
        default:
            #expect(FileManager.default.createFile(atPath: index + ".damaged", contents: nil))
        }
        try handle.close()

        // Restarted without roots when the damaged index can still tell them.
        let restarted = try Daemon(["--socket", socket, "--index", index] + (damage == "marked while serving" ? [] : [work + "/docs"]))
        let status = try await waitUntilIdle(socket)
        #expect(status["documents"] as? Int == 2)
        let errors = status["errors"] as? [[String: Any]] ?? []
        #expect(errors.first?["reason"] as? String == "index_corrupt", "\(status)")
        let aside = try FileManager.default.contentsOfDirectory(atPath: work + "/index").filter { $0.hasPrefix("index.sqlite.corrupt-") }
        #expect(aside.contains { !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }, "\(aside)")
        #expect(!FileManager.default.fileExists(atPath: index + ".damaged"))
        kill(restarted.process.processIdentifier, SIGTERM)
        #expect(await restarted.waitForExit() == 0)
        #expect(restarted.log.contains("set aside"))
    }

    /// A new temporary folder holding `documents` in its `docs/` folder.
    private func workFolder(documents: [String: String]) throws -> String {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("furetd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work + "/docs", withIntermediateDirectories: true)
        for (name, text) in documents { try Data(text.utf8).write(to: URL(fileURLWithPath: work + "/docs/" + name)) }
        return work
    }

    /// The format tests' documents (`Tests/FuretDocumentsTests/Fixtures`).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("FuretDocumentsTests/Fixtures").path

    /// A new temporary folder, symlinks resolved (the daemon reports resolved paths), with an
    /// empty `docs/` folder.
    private func documentsWorkFolder(_ name: String) throws -> String {
        let work = try resolved(FileManager.default.temporaryDirectory.path) + "/furetd-\(name)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work + "/docs", withIntermediateDirectories: true)
        return work
    }

    @Test func readsPDFsInItsHelperCitesPagesCountsSkippedFilesAndOutlivesTheHelper() async throws {
        let fixtures = Self.fixtures
        let work = try documentsWorkFolder("pdf")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let docs = work + "/docs"
        try FileManager.default.copyItem(atPath: fixtures + "/debian-reference-fr-2-pages.pdf", toPath: docs + "/reference.pdf")
        try FileManager.default.copyItem(atPath: fixtures + "/encrypted.pdf", toPath: docs + "/secret.pdf")
        try Data([0x89, 0x50, 0x4E, 0x47]).write(to: URL(fileURLWithPath: docs + "/photo.png"))
        let socket = work + "/run/furet.sock"
        let daemon = try Daemon(["--socket", socket, "--index", work + "/index.sqlite", docs])
        defer { kill(daemon.process.processIdentifier, SIGKILL) }

        let status = try await waitUntilIdle(socket)
        #expect(status["documents"] as? Int == 1)
        #expect(status["skipped"] as? [String: Int] == ["encrypted": 1, "unsupported_extension": 1])
        let search = try await request(socket, #"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"didacticiels"}}"#)
        let hit = try #require(((search["result"] as? [String: Any])?["hits"] as? [[String: Any]])?.first)
        #expect(hit["page"] as? Int == 2)
        #expect(hit["page_label"] as? String == "1")

        // Helpers are furetd's children (one per file read at once, up to one per core); killed,
        // they are replaced at the next file and the daemon serves on.
        let helpers = Self.children(of: daemon.process.processIdentifier)
        #expect(!helpers.isEmpty)
        for helper in helpers { kill(helper, SIGKILL) }
        try FileManager.default.copyItem(atPath: fixtures + "/debian-reference-fr-2-pages.pdf", toPath: docs + "/copie.pdf")
        #expect(try await paths(socket, "didacticiels", becoming: ["copie.pdf", "reference.pdf"]) == ["copie.pdf", "reference.pdf"])
        #expect(try await waitUntilIdle(socket)["skipped"] as? [String: Int] == ["encrypted": 1, "unsupported_extension": 1])
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    /// The file name and part (`archive.mbox 2`) of each hit, sorted, waiting up to 10 s for `expected`.
    func parts(_ socket: String, _ query: String, becoming expected: [String]) async throws -> [String] {
        try await hits(socket, query, becoming: expected) { hit in hit.fileName + ((hit["part"] as? String).map { " " + $0 } ?? "") }
    }

    @Test func findsMessagesOfAnMboxAndAttachmentsOfAMailAndFollowsTheirFiles() async throws {
        let fixtures = Self.fixtures
        let work = try documentsWorkFolder("parts")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let docs = work + "/docs"
        let mailbox = try String(contentsOfFile: fixtures + "/three-messages.mbox", encoding: .utf8)
        try Data(mailbox.utf8).write(to: URL(fileURLWithPath: docs + "/archive.mbox"))
        try FileManager.default.copyItem(atPath: fixtures + "/with-attachment.eml", toPath: docs + "/envoi.eml")
        let socket = work + "/run/furet.sock"
        let daemon = try Daemon(["--socket", socket, "--index", work + "/index.sqlite", docs])
        defer { kill(daemon.process.processIdentifier, SIGKILL) }

        // Three messages, a mail and its attachment; the mbox's own (empty) document is none.
        #expect(try await waitUntilIdle(socket)["documents"] as? Int == 5)
        #expect(try await parts(socket, "Captain", becoming: ["archive.mbox 2"]) == ["archive.mbox 2"])
        #expect(try await parts(socket, "Sylvain", becoming: ["archive.mbox 1"]) == ["archive.mbox 1"])
        let odt = "envoi.eml 1/veillée à Saint-Brunelle.odt"
        #expect(try await parts(socket, "\"Puisse-t-il voir dans la Dédicace\"", becoming: [odt]) == [odt])
        #expect(try await parts(socket, "\"ci-joint la veillée\"", becoming: ["envoi.eml"]) == ["envoi.eml"])
        let search = try await request(socket, #"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"Captain"}}"#)
        let hit = try #require(((search["result"] as? [String: Any])?["hits"] as? [[String: Any]])?.first)
        #expect(hit["title"] as? String == "Deuxième lettre")

        // One message edited: its new text found, its old text gone, the others kept.
        try Data(mailbox.replacing("Le Captain Cap n'a jamais", with: "Le capitaine Nemo n'a jamais").utf8)
            .write(to: URL(fileURLWithPath: docs + "/archive.mbox"))
        #expect(try await parts(socket, "Nemo", becoming: ["archive.mbox 2"]) == ["archive.mbox 2"])
        #expect(try await parts(socket, "Captain", becoming: []) == [])
        #expect(try await parts(socket, "Sylvain", becoming: ["archive.mbox 1"]) == ["archive.mbox 1"])
        #expect(try await waitUntilIdle(socket)["documents"] as? Int == 5)

        // Renamed: the messages follow; removed: they go.
        try FileManager.default.moveItem(atPath: docs + "/archive.mbox", toPath: docs + "/lettres.mbox")
        #expect(try await parts(socket, "omnibus", becoming: ["lettres.mbox 3"]) == ["lettres.mbox 3"])
        #expect(try await waitUntilIdle(socket)["documents"] as? Int == 5)
        try FileManager.default.removeItem(atPath: docs + "/lettres.mbox")
        #expect(try await parts(socket, "Sylvain OR omnibus OR Nemo", becoming: []) == [])
        #expect(try await waitUntilIdle(socket)["documents"] as? Int == 2)
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    /// The processes whose parent is `pid` (Linux's `/proc/PID/task/TID/children`).
    static func children(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

    private func resolved(_ path: String) throws -> String {
        guard let real = realpath(path, nil) else { throw CocoaError(.fileNoSuchFile) }
        defer { free(real) }
        return String(cString: real)
    }
}

private extension Dictionary where Key == String, Value == Any {
    /// The last component of a hit's `path`.
    var fileName: String { (self["path"] as? String).map { ($0 as NSString).lastPathComponent } ?? "?" }
}
