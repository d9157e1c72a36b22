import Foundation
import FuretTestSupport
import Glibc
import Testing

/// End-to-end tests of `furet` against the real `furetd` built beside it: waiting for
/// indexing, live status, `path:line` citations and `furet open`.
@Suite(.serialized) struct RealDaemonTests {
    /// A running `furetd` in a fresh folder (`docs/` for documents, `run/` for its socket,
    /// `runtime/` as the client's `$XDG_RUNTIME_DIR`), killed and removed at the end.
    final class Daemon {
        let work: String
        let socket: String
        private let daemon: DaemonProcess

        init() async throws {
            let (directory, _) = try FakeDaemon.makeSocketDirectory()
            work = try #require(realpath(directory, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) })
            socket = work + "/run/furet.sock"
            for folder in ["docs", "runtime"] {
                try FileManager.default.createDirectory(atPath: work + "/" + folder, withIntermediateDirectories: true)
            }
            chmod(work + "/runtime", 0o700)
            daemon = try DaemonProcess(["--socket", socket, "--index", work + "/index.sqlite"], keepingLog: false)
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: socket), Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        }

        deinit {
            daemon.process.terminate()
            daemon.process.waitUntilExit()
            try? FileManager.default.removeItem(atPath: work)
        }

        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: work + "/docs/" + name))
        }

        /// Runs `furet arguments --socket …` with this daemon's runtime folder.
        func furet(_ arguments: [String], environment: [String: String] = [:]) async throws -> FuretOutput {
            try await FuretExecutable.run(arguments + ["--socket", socket],
                                    environment: ["XDG_RUNTIME_DIR": work + "/runtime"].merging(environment) { $1 })
        }
    }

    @Test func indexWaitsUntilTheRootIsIndexedAndStatusKeepsItsProgress() async throws {
        let daemon = try await Daemon()
        for number in 1...40 { try daemon.write("note-\(number).txt", "Note \(number) sur le bail commercial.\n") }
        try daemon.write("binaire.txt", "du texte\u{0}puis un NUL")
        let root = daemon.work + "/docs"

        let output = try await daemon.furet(["index", root])
        #expect(output.status == 0)
        #expect(output.stderr == "")
        let summary = try #require(output.stdout.split(separator: "\n").first.map(String.init))
        #expect(summary.hasPrefix("\(root): done, 41 files read in "))
        #expect(summary.hasSuffix(" s (1 skipped, 0 unchanged)"))

        // Returned, it is done: every note is found at once.
        let search = try await daemon.furet(["search", "--json", "bail", "--limit", "100"])
        let result = try JSONSerialization.jsonObject(with: Data(search.stdout.utf8)) as? [String: Any]
        #expect(result?["total"] as? Int == 40)

        let status = try await daemon.furet(["status"])
        #expect(status.stdout.contains("\nprogress: \(root): done, 41 files read in "))

        // Again: nothing changed, nothing is read.
        let again = try await daemon.furet(["index", root])
        #expect(again.stdout.hasPrefix("\(root): done, 0 files read in "))
        #expect(again.stdout.contains("(0 skipped, 41 unchanged)"))
    }

    @Test func noWaitReturnsOnceQueuedAndStatusWatchFollowsTheIndexing() async throws {
        let daemon = try await Daemon()
        for number in 1...20 { try daemon.write("note-\(number).txt", "Note \(number) sur la halle.\n") }
        let root = daemon.work + "/docs"

        let output = try await daemon.furet(["index", "--no-wait", root])
        #expect(output == FuretOutput(status: 0, stdout: "1 path queued for indexing (see furet status)\n", stderr: ""))

        // Watched until a block shows the root done and the next block begins (30 s at
        // most), then killed (SIGKILL: the test runner blocks SIGTERM, and its children
        // inherit the mask): blocks separated by a blank line, the later ones showing the
        // root done.
        let watcher = Process()
        watcher.executableURL = try FuretExecutable.url()
        watcher.arguments = ["status", "--watch", "--interval", "0.2", "--socket", daemon.socket]
        let pipe = Pipe()
        watcher.standardOutput = pipe
        try watcher.run()
        nonisolated(unsafe) let (finished, printed) = (watcher, pipe.fileHandleForReading)
        let done = "progress: \(root): done, 20 files read"
        let (text, reason) = try await onOwnThread {
            let deadline = Date().addingTimeInterval(30)
            var text = ""
            while Date() < deadline, !(text.range(of: done).map { text[$0.upperBound...].contains("\n\ndocuments: ") } ?? false),
                  let chunk = try printed.read(upToCount: 4096), !chunk.isEmpty {
                text += String(decoding: chunk, as: UTF8.self)
            }
            kill(finished.processIdentifier, SIGKILL)
            text += String(decoding: printed.readDataToEndOfFile(), as: UTF8.self)
            finished.waitUntilExit()
            return (text, finished.terminationReason)
        }
        #expect(reason == .uncaughtSignal)
        let blocks = text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(blocks.count >= 2)
        #expect(blocks.allSatisfy { $0.hasPrefix("documents: ") })
        #expect(blocks.last { $0.contains("progress: \(root): done, 20 files read") }?.contains("documents: 20\n") == true)
    }

    @Test func textHitsAreCitedByLineAndOpenInTheEditorThere() async throws {
        let daemon = try await Daemon()
        try daemon.write("bail.txt", "Compte rendu\n\nLe conseil a voté.\nLe bail commercial est signé.\n")
        try daemon.write("halle.md", "# Halle\n\nLa halle ouvre le samedi.\n")
        #expect(try await daemon.furet(["index", daemon.work + "/docs"]).status == 0)

        let search = try await daemon.furet(["search", "bail"])
        #expect(search.status == 0)
        #expect(search.stdout.hasPrefix(daemon.work + "/docs/bail.txt:4\n"))

        let record = daemon.work + "/editor-arguments"
        let editor = daemon.work + "/editor"
        try Data("#!/bin/sh\nprintf '%s\\n' \"$@\" > \(record)\n".utf8).write(to: URL(fileURLWithPath: editor))
        chmod(editor, 0o755)
        // The last search's hit, then a new search's; the editor may carry options.
        #expect(try await daemon.furet(["open", "1"], environment: ["EDITOR": editor, "VISUAL": ""]).status == 0)
        #expect(try String(contentsOfFile: record, encoding: .utf8) == "+4\n\(daemon.work)/docs/bail.txt\n")
        #expect(try await daemon.furet(["open", "1", "samedi"], environment: ["EDITOR": editor + " -n"]).status == 0)
        #expect(try String(contentsOfFile: record, encoding: .utf8) == "-n\n+3\n\(daemon.work)/docs/halle.md\n")
        // The last search is now that one.
        let missing = try await daemon.furet(["open", "2"], environment: ["EDITOR": editor])
        #expect(missing == FuretOutput(status: 2, stdout: "", stderr: "furet: no hit 2: the search has 1 hit\n"))

        let mode = try FileManager.default.attributesOfItem(atPath: daemon.work + "/runtime/furet/last-search.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func pdfHitsOpenInEvinceAtTheirPage() async throws {
        let daemon = try await Daemon()
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("FuretDocumentsTests/Fixtures").path
        try FileManager.default.copyItem(atPath: fixtures + "/debian-reference-fr-2-pages.pdf", toPath: daemon.work + "/docs/reference.pdf")
        #expect(try await daemon.furet(["index", daemon.work + "/docs"]).status == 0)

        let bin = daemon.work + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let record = daemon.work + "/evince-arguments"
        try Data("#!/bin/sh\nprintf '%s\\n' \"$@\" > \(record)\n".utf8).write(to: URL(fileURLWithPath: bin + "/evince"))
        chmod(bin + "/evince", 0o755)
        let output = try await daemon.furet(["open", "1", "didacticiels"], environment: ["PATH": bin + ":/usr/bin:/bin", "EDITOR": "false"])
        #expect(output.status == 0)
        #expect(try String(contentsOfFile: record, encoding: .utf8) == "-i\n2\n\(daemon.work)/docs/reference.pdf\n")
    }

    @Test func openWithoutASearchSaysHowToGetOne() async throws {
        let daemon = try await Daemon()
        let output = try await daemon.furet(["open", "1"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("run furet search first"))
    }
}
