import Foundation
import FuretProtocol
import FuretRelease
import FuretTestSupport
import Glibc
import Testing

/// End-to-end tests of the `furet` binary against a ``FakeDaemon``.
struct FuretCommandTests {
    private static let twoHits = SearchResult(total: 120, hits: [
        SearchHit(
            path: "/docs/bail.txt",
            title: "Baux commerciaux",
            score: 2.5,
            snippet: "Le bail commercial est conclu",
            highlights: [TextRange(start: 3, end: 7), TextRange(start: 8, end: 18)]
        ),
        SearchHit(
            path: "/docs/été.pdf",
            title: "",
            score: 1.25,
            snippet: "L’été du bail",
            highlights: [TextRange(start: 9, end: 13)],
            page: 12,
            pageLabel: "x"
        ),
    ])

    /// Runs `furet arguments --socket <daemon>` against a daemon answering `Method` with
    /// `reply`; returns the output and the request line the daemon received.
    private func run<Method: RequestMethod>(
        _ arguments: [String],
        answering method: Method.Type,
        with reply: Result<Method.Response, ResponseError>,
        environment: [String: String] = [:],
        terminal: Bool = false
    ) async throws -> (output: FuretOutput, request: String?) {
        let daemon = try FakeDaemon(answering: method, with: reply)
        let output = try await FuretExecutable.run(arguments + ["--socket", daemon.socketPath], environment: environment, terminal: terminal)
        return (output, daemon.finish())
    }

    @Test func searchPrintsPlainBlocksWhenNotATerminal() async throws {
        let (output, request) = try await run(["search", "bail", "commercial", "--limit", "5"], answering: SearchRequest.self, with: .success(Self.twoHits))
        #expect(request == #"{"id":1,"jsonrpc":"2.0","method":"search","params":{"limit":5,"lines":true,"query":"bail commercial"}}"#)
        #expect(output == FuretOutput(
            status: 0,
            stdout: """
            /docs/bail.txt
            Baux commerciaux
            Le bail commercial est conclu

            /docs/été.pdf:12
            L’été du bail

            2 of 120 hits

            """,
            stderr: ""
        ))
    }

    /// A hit on a document inside a file names it after the path: a user finds the message
    /// or the attachment.
    @Test func searchPrintsWhereAPartIs() async throws {
        let hits = SearchResult(total: 2, hits: [
            SearchHit(path: "/mail/archive.mbox", title: "Le bail", score: 2, snippet: "Le bail est signé",
                      highlights: [TextRange(start: 3, end: 7)], part: "3"),
            SearchHit(path: "/mail/envoi.eml", title: "Rapport", score: 1, snippet: "Un bail", highlights: [],
                      page: 4, part: "2/rapport.pdf"),
        ])
        let (output, _) = try await run(["search", "bail"], answering: SearchRequest.self, with: .success(hits))
        #expect(output == FuretOutput(
            status: 0,
            stdout: """
            /mail/archive.mbox#3
            Le bail
            Le bail est signé

            /mail/envoi.eml › rapport.pdf:4
            Rapport
            Un bail

            2 of 2 hits

            """,
            stderr: ""
        ))
    }

    @Test func searchHighlightsOnATerminal() async throws {
        let (output, _) = try await run(["search", "bail"], answering: SearchRequest.self, with: .success(Self.twoHits), terminal: true)
        // Highlights are Unicode scalar offsets: "bail" is at 9..<13 after "L’été du ".
        #expect(output == FuretOutput(
            status: 0,
            stdout: """
            \u{1B}[1m/docs/bail.txt\u{1B}[0m
            Baux commerciaux
            Le \u{1B}[1;31mbail\u{1B}[0m \u{1B}[1;31mcommercial\u{1B}[0m est conclu

            \u{1B}[1m/docs/été.pdf:12\u{1B}[0m
            L’été du \u{1B}[1;31mbail\u{1B}[0m

            2 of 120 hits

            """,
            stderr: ""
        ))
    }

    @Test func noColorTurnsStylesOffOnATerminal() async throws {
        let (output, _) = try await run(
            ["search", "bail"],
            answering: SearchRequest.self,
            with: .success(Self.twoHits),
            environment: ["NO_COLOR": ""],
            terminal: true
        )
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("/docs/bail.txt\nBaux commerciaux\nLe bail commercial est conclu\n"))
        #expect(!output.stdout.contains("\u{1B}"))
    }

    @Test func searchJSONPrintsTheResult() async throws {
        let (output, request) = try await run(["search", "--json", "--offset", "2", "bail"], answering: SearchRequest.self, with: .success(Self.twoHits))
        #expect(request == #"{"id":1,"jsonrpc":"2.0","method":"search","params":{"lines":true,"offset":2,"query":"bail"}}"#)
        #expect(output == FuretOutput(
            status: 0,
            stdout: #"{"hits":[{"highlights":[{"end":7,"start":3},{"end":18,"start":8}],"path":"/docs/bail.txt","score":2.5,"#
                + #""snippet":"Le bail commercial est conclu","title":"Baux commerciaux"},{"highlights":[{"end":13,"start":9}],"#
                + #""page":12,"page_label":"x","path":"/docs/été.pdf","score":1.25,"snippet":"L’été du bail","title":""}],"total":120}"# + "\n",
            stderr: ""
        ))
    }

    @Test(arguments: [false, true])
    func searchPrintsTheSuggestion(corrected: Bool) async throws {
        var result = Self.twoHits
        result.suggestion = "bail commercial"
        result.corrected = corrected
        let (output, _) = try await run(["search", "bail", "comercial"], answering: SearchRequest.self, with: .success(result))
        let note = corrected ? "\nNo hit for the query as typed: the hits are for the suggestion." : ""
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("Did you mean: bail commercial\(note)\n\n/docs/bail.txt\n"), "\(output.stdout)")
        #expect(output.stdout.hasSuffix("2 of 120 hits\n"))
    }

    @Test func searchJSONCarriesTheSuggestion() async throws {
        let result = SearchResult(total: 0, hits: [], suggestion: "fermeture", corrected: true)
        let (output, _) = try await run(["search", "--json", "fermuture"], answering: SearchRequest.self, with: .success(result))
        #expect(output.stdout == #"{"corrected":true,"hits":[],"suggestion":"fermeture","total":0}"# + "\n")
    }

    @Test(arguments: [false, true])
    func searchWithoutHitsExitsWith1(json: Bool) async throws {
        let (output, _) = try await run(
            ["search", "introuvable"] + (json ? ["--json"] : []),
            answering: SearchRequest.self,
            with: .success(SearchResult(total: 0, hits: []))
        )
        #expect(output == FuretOutput(status: 1, stdout: json ? #"{"hits":[],"total":0}"# + "\n" : "0 of 0 hits\n", stderr: ""))
    }

    @Test func pathsOnlyPrintsOnePathPerLine() async throws {
        let (output, request) = try await run(["search", "-l", "--sort=-date", "bail", "-lundi"], answering: SearchRequest.self, with: .success(Self.twoHits))
        #expect(request == #"{"id":1,"jsonrpc":"2.0","method":"search","params":{"limit":1000,"query":"bail -lundi","sort":"-date"}}"#)
        #expect(output == FuretOutput(status: 0, stdout: "/docs/bail.txt\n/docs/été.pdf\n", stderr: ""))
    }

    @Test(arguments: [(120, 0), (0, 1)])
    func countPrintsTheTotalOnly(total: Int, status: Int32) async throws {
        let result = SearchResult(total: total, hits: total > 0 ? [Self.twoHits.hits[0]] : [])
        let (output, request) = try await run(["search", "--count", "--sort", "date", "bail"], answering: SearchRequest.self, with: .success(result))
        #expect(request == #"{"id":1,"jsonrpc":"2.0","method":"search","params":{"exact_total":true,"limit":1,"query":"bail","sort":"date"}}"#)
        #expect(output == FuretOutput(status: status, stdout: "\(total)\n", stderr: ""))
    }

    /// Past the daemon's counting limit, the total reads as "at least".
    @Test func aLowerBoundTotalEndsWithAPlus() async throws {
        var result = Self.twoHits
        result.total = 10_000
        result.totalIsLowerBound = true
        let (output, _) = try await run(["search", "bail"], answering: SearchRequest.self, with: .success(result))
        #expect(output.status == 0)
        #expect(output.stdout.hasSuffix("\n\n2 of 10000+ hits\n"), "\(output.stdout)")
    }

    @Test(arguments: [["search", "-l", "--count", "bail"], ["search", "--files-with-matches", "--json", "bail"], ["search", "--sort", "newest", "bail"]])
    func badOutputOrSortIsAUsageError(arguments: [String]) async throws {
        let output = try await FuretExecutable.run(arguments + ["--socket", "/nonexistent/furet.sock"])
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(!output.stderr.isEmpty)
    }

    @Test func followPrintsEachMatchAsItArrivesUntilTheDaemonGoes() async throws {
        let hit = SearchHit(path: "/docs/pv.txt", title: "Procès-verbal", score: 2.5, snippet: "l’affaire Dupont",
                            highlights: [TextRange(start: 10, end: 16)])
        let match = try #require(NotificationEnvelope.encode(
            method: MatchNotification.method, params: MatchNotification(subscription: 3, event: .added, hit: hit)))
        let dropped = try #require(NotificationEnvelope.encode(
            method: DroppedNotification.method, params: DroppedNotification(notifications: 7)))
        let daemon = try FakeDaemon(answering: SubscribeRequest.self, with: .success(SubscribeResult(subscription: 3)),
                                    then: [match, dropped])
        let output = try await FuretExecutable.run(["follow", "affaire", "Dupont", "--json", "--socket", daemon.socketPath])
        #expect(daemon.finish() == #"{"id":1,"jsonrpc":"2.0","method":"subscribe","params":{"query":"affaire Dupont"}}"#)
        #expect(output == FuretOutput(
            status: 2,
            stdout: #"{"event":"added","hit":{"highlights":[{"end":16,"start":10}],"path":"/docs/pv.txt","score":2.5,"#
                + #""snippet":"l’affaire Dupont","title":"Procès-verbal"}}"# + "\n",
            stderr: "furet: 7 notifications dropped: this terminal did not keep up (search to see them)\n"
                + "furet: the daemon closed the connection (it stopped?); run furet follow again once it is back\n"))
    }

    @Test func errorReplyExitsWith2() async throws {
        let (output, _) = try await run(
            ["search", "(bail"],
            answering: SearchRequest.self,
            with: .failure(ResponseError(code: .querySyntax, message: "unbalanced parenthesis at 1"))
        )
        #expect(output == FuretOutput(status: 2, stdout: "", stderr: "furet: unbalanced parenthesis at 1\n"))
    }

    /// No socket file, and a socket file nobody listens on (a daemon that crashed).
    @Test(arguments: [false, true])
    func noDaemonExitsWith2(staleSocket: Bool) async throws {
        let (directory, socketPath) = try FakeDaemon.makeSocketDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        if staleSocket {
            close(try FakeDaemon.bindSocket(at: socketPath))
        }
        // A home without furetd's user unit; the test expects no unit installed system-wide.
        let output = try await FuretExecutable.run(["status", "--socket", socketPath], environment: ["HOME": directory, "XDG_CONFIG_HOME": ""])
        #expect(output == FuretOutput(
            status: 2,
            stdout: "",
            stderr: "furet: no daemon is listening on \(socketPath); start one with: furetd [ROOT...]\n"
        ))
    }

    @Test func noDaemonSuggestsTheInstalledUserUnit() async throws {
        let (directory, socketPath) = try FakeDaemon.makeSocketDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configHome = directory + "/config"
        let unit = configHome + "/systemd/user/furetd.service"
        try FileManager.default.createDirectory(atPath: configHome + "/systemd/user", withIntermediateDirectories: true)
        try Data("[Service]\n".utf8).write(to: URL(fileURLWithPath: unit))
        let output = try await FuretExecutable.run(["search", "bail", "--socket", socketPath], environment: ["XDG_CONFIG_HOME": configHome])
        #expect(output == FuretOutput(
            status: 2,
            stdout: "",
            stderr: "furet: no daemon is listening on \(socketPath); start one with: systemctl --user start furetd (its unit is \(unit)), or: furetd [ROOT...]\n"
        ))
    }

    @Test func versionNamesTheReleaseAndTheIndexFormat() async throws {
        let output = try await FuretExecutable.run(["--version"])
        #expect(output == FuretOutput(
            status: 0,
            stdout: "furet \(ReleaseVersion.number) (index format \(ReleaseVersion.indexFormat))\n",
            stderr: ""
        ))
    }

    @Test func exclusionsAreQueryWordsNotOptions() async throws {
        let (output, request) = try await run(["search", "bail", "-commercial", "-\"fonds de commerce\"", "--limit", "2"],
                                        answering: SearchRequest.self, with: .success(Self.twoHits))
        #expect(request == #"{"id":1,"jsonrpc":"2.0","method":"search","params":{"limit":2,"lines":true,"query":"bail -commercial -\"fonds de commerce\""}}"#)
        #expect(output.status == 0)
    }

    @Test func socketFromEnvironment() async throws {
        let daemon = try FakeDaemon(answering: ShutdownRequest.self, with: .success(ShutdownResult()))
        let output = try await FuretExecutable.run(["stop"], environment: ["FURET_SOCKET": daemon.socketPath])
        #expect(daemon.finish() == #"{"id":1,"jsonrpc":"2.0","method":"shutdown","params":{}}"#)
        #expect(output == FuretOutput(status: 0, stdout: "furetd is stopping\n", stderr: ""))
    }

    @Test func status() async throws {
        let status = IndexStatus(
            documents: 1_204,
            pending: 3,
            roots: ["/home/ana/notes", "/home/ana/droit"],
            indexPath: "/home/ana/.local/share/furet/index.sqlite",
            indexBytes: 52_428_800,
            version: "0.1.0",
            uptimeS: 3_600.04,
            watchedDirectories: 87,
            errors: [.init(reason: "disk_full", message: "the disk holding the index is full", filesNotIndexed: 12, since: 0)],
            skipped: ["no_text_layer": 1, "encrypted": 2]
        )
        let (output, request) = try await run(["status"], answering: StatusRequest.self, with: .success(status))
        #expect(request == #"{"id":1,"jsonrpc":"2.0","method":"status","params":{}}"#)
        #expect(output == FuretOutput(
            status: 0,
            stdout: """
            documents: 1204
            pending: 3
            root: /home/ana/notes
            root: /home/ana/droit
            index_path: /home/ana/.local/share/furet/index.sqlite
            index_bytes: 52428800
            version: 0.1.0
            uptime_s: 3600.0
            watched_directories: 87
            error: disk_full: the disk holding the index is full (12 files not indexed)
            skipped: encrypted 2
            skipped: no_text_layer 1

            """,
            stderr: ""
        ))
    }

    @Test func statusDrawsEachRootsProgress() async throws {
        let progress: [IndexStatus.Progress] = [
            .init(root: "/a", phase: "indexing", filesTotal: 10, filesDone: 5, bytesTotal: 4 << 20, bytesDone: 1 << 20,
                  skipped: 2, unchanged: 0, startedAt: nil, finishedAt: nil, failed: false),
            .init(root: "/b", phase: "queued", filesTotal: 0, filesDone: 0, bytesTotal: 0, bytesDone: 0,
                  skipped: 0, unchanged: 0, startedAt: nil, finishedAt: nil, failed: false),
            .init(root: "/c", phase: "done", filesTotal: 3, filesDone: 1, bytesTotal: 30, bytesDone: 10,
                  skipped: 0, unchanged: 7, startedAt: 100, finishedAt: 102.54, failed: true),
        ]
        let status = IndexStatus(documents: 1, pending: 2, roots: ["/a", "/b", "/c"], indexPath: "/i", indexBytes: 1,
                                 version: "0.1.0", uptimeS: 1, watchedDirectories: 3, progress: progress)
        let (output, _) = try await run(["status"], answering: StatusRequest.self, with: .success(status))
        let lines = output.stdout.split(separator: "\n").filter { $0.hasPrefix("progress: ") }
        #expect(lines == [
            "progress: /a: indexing [#####---------------] 5/10 files, 1.0/4.0 MB, 2 skipped",
            "progress: /b: queued",
            "progress: /c: done, stopped before its end (see errors), 1 file read in 2.5 s (0 skipped, 7 unchanged)",
        ])
    }

    @Test func indexSendsAbsolutePaths() async throws {
        let (directory, _) = try FakeDaemon.makeSocketDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let daemon = try FakeDaemon(answering: IndexRequest.self, with: .success(IndexResult(queued: 2)))
        let output = try await FuretExecutable.run(
            ["index", "--no-wait", "notes", "./a//b/.", "../up", "/abs/x.txt", "--socket", daemon.socketPath],
            directory: URL(fileURLWithPath: directory)
        )
        let paths = "\"\(directory)/notes\",\"\(directory)/a/b\",\"\(directory)/../up\",\"/abs/x.txt\""
        #expect(daemon.finish() == #"{"id":1,"jsonrpc":"2.0","method":"index","params":{"paths":["# + paths + "]}}")
        #expect(output == FuretOutput(status: 0, stdout: "2 paths queued for indexing (see furet status)\n", stderr: ""))
    }

    @Test func forget() async throws {
        let (output, request) = try await run(["forget", "/docs/old.txt"], answering: ForgetRequest.self, with: .success(ForgetResult(removed: 1)))
        #expect(request == #"{"id":1,"jsonrpc":"2.0","method":"forget","params":{"paths":["/docs/old.txt"]}}"#)
        #expect(output == FuretOutput(status: 0, stdout: "1 document removed\n", stderr: ""))
    }

    @Test func analyzeAsQuery() async throws {
        let tokens = AnalyzeResult(tokens: [
            AnalyzedToken(token: "ete", kind: "stem", start: 2, end: 5),
            AnalyzedToken(token: "=ete", kind: "exact", start: 2, end: 5),
        ])
        let (output, request) = try await run(["analyze", "--query", "l'été"], answering: AnalyzeRequest.self, with: .success(tokens))
        #expect(request == #"{"id":1,"jsonrpc":"2.0","method":"analyze","params":{"mode":"query","text":"l'été"}}"#)
        #expect(output == FuretOutput(status: 0, stdout: "ete\tstem\t2-5\n=ete\texact\t2-5\n", stderr: ""))
    }

    @Test func usageErrorExitsWith2() async throws {
        let output = try await FuretExecutable.run(["search"])
        #expect(output.status == 2)
        #expect(output.stdout == "")
        #expect(output.stderr.hasPrefix("Error: Missing expected argument '<query> ...'\n"))
    }
}
