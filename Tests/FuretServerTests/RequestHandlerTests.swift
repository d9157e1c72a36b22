import Foundation
import FuretDocuments
import FuretIndex
import FuretProtocol
@testable import FuretServer
import Logging
import Testing

/// Every method and every error, in process.
@Suite struct RequestHandlerTests {
    @Test func searchReturnsHitsWithSnippetsAndHighlights() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":7,"method":"search","params":{"query":"enquete guet-apens"}}"#)
        #expect(reply["id"] as? Int == 7)
        let result = try #require(reply["result"] as? [String: Any])
        #expect(result["total"] as? Int == 1)
        let hit = try #require((result["hits"] as? [[String: Any]])?.first)
        #expect((hit["path"] as? String)?.hasSuffix("/enquete.txt") == true)
        #expect(hit["title"] as? String == "L’enquête sur le guet-apens")
        let snippet = Array((hit["snippet"] as? String ?? "").unicodeScalars)
        let highlights = try #require(hit["highlights"] as? [[String: Int]])
        let marked = highlights.map { String(String.UnicodeScalarView(snippet[$0["start"]!..<$0["end"]!])) }
        #expect(marked == ["enquête", "guet", "apens"])
    }

    @Test func aFileNamedInLatin1IsFoundAndItsPathMapsBackToItsBytes() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let bytes = Array((fixture.folder + "/r").utf8) + [0xE9] + Array("sum".utf8) + [0xE9] + Array(".txt".utf8)
        try createFile(atRawPath: bytes, "Le hérisson traverse la clairière.")
        defer { _ = withRawPath(bytes) { unlink($0) } }
        try await fixture.engine.indexer.reconcile(root: fixture.folder)

        let line = fixture.handler.handle(line: Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"hérisson"}}"#.utf8)).line
        // Byte E9 travels as U+10FFE9, written as is (UTF-8 F4 8F BF A9) like any other character.
        #expect(line.firstRange(of: [0x2F, 0x72, 0xF4, 0x8F, 0xBF, 0xA9, 0x73]) != nil)
        let reply = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
        let hits = try #require((reply["result"] as? [String: Any])?["hits"] as? [[String: Any]])
        let path = try #require(hits.first?["path"] as? String)
        #expect(hits.count == 1)
        #expect(PathBytes.bytes(path) == bytes)
    }

    @Test func aFileNamedInLatin1ThatCannotBeIndexedIsLoggedOnceReadably() async throws {
        let logs = CapturedLogs()
        let fixture = try await HandlerFixture(logger: logs.logger)
        defer { fixture.remove() }
        let bytes = Array((fixture.folder + "/donn").utf8) + [0xE9, 0x65, 0x73] + Array(".txt".utf8)
        try createFile(atRawPath: bytes, "binaire\0")
        defer { _ = withRawPath(bytes) { unlink($0) } }
        try await fixture.engine.indexer.reconcile(root: fixture.folder)
        try await fixture.engine.indexer.reconcile(root: fixture.folder)

        let skipped = logs.lines.filter { $0.hasPrefix("skipped file") }
        #expect(skipped == [#"skipped file path=\#(fixture.folder)/donn\xE9es.txt reason=binary content (NUL bytes)"#])
    }

    @Test func searchHonoursLimitAndOffset() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let all = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le OR la OR les"}}"#)
        let total = try #require((all["result"] as? [String: Any])?["total"] as? Int)
        #expect(total == 3)
        let page = try fixture.reply(#"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"le OR la OR les","limit":1,"offset":1}}"#)
        let result = try #require(page["result"] as? [String: Any])
        #expect(result["total"] as? Int == 3)
        #expect((result["hits"] as? [Any])?.count == 1)
    }

    @Test func searchSortsByDateEitherWay() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        for (day, name) in ["recette.md", "enquete.txt", "page.html"].enumerated() {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: Double(day) * 86_400)],
                                                  ofItemAtPath: fixture.folder + "/" + name)
        }
        try await fixture.engine.indexer.reconcile(root: fixture.folder)
        func paths(_ sort: String) throws -> [String] {
            let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le OR la OR les","sort":"\#(sort)"}}"#)
            let hits = try #require((reply["result"] as? [String: Any])?["hits"] as? [[String: Any]], "\(reply)")
            return hits.compactMap { $0["path"] as? String }
        }
        let oldestFirst = try paths("date")
        #expect(oldestFirst.map { ($0 as NSString).lastPathComponent } == ["recette.md", "enquete.txt", "page.html"])
        #expect(try paths("-date") == oldestFirst.reversed())
        #expect(try Set(paths("relevance")) == Set(oldestFirst))
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"le","sort":"newest"}}"#)
        #expect((reply["error"] as? [String: Any])?["code"] as? Int == ErrorCode.invalidParams.rawValue, "\(reply)")
    }

    @Test func statusReportsDocumentsRootsAndPending() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let result = try #require(try fixture.reply(#"{"jsonrpc":"2.0","id":"s","method":"status"}"#)["result"] as? [String: Any])
        #expect(result["documents"] as? Int == 3)
        #expect(result["pending"] as? Int == 0)
        #expect(result["roots"] as? [String] == [fixture.folder])
        #expect(result["version"] as? String == FuretService.version)
        #expect(result["index_path"] as? String == ":memory:")
    }

    @Test func indexAddsARootAndCountsItPendingUntilDone() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let extra = fixture.folder + "/../furet-extra-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: extra, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: extra) }
        try Data("Un chapitre nouveau sur les chevaux.".utf8).write(to: URL(fileURLWithPath: extra + "/chevaux.txt"))
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"index","params":{"paths":["\#(extra)"]}}"#)
        #expect((reply["result"] as? [String: Any])?["queued"] as? Int == 1)
        #expect(fixture.service.engine.pending.count == 1)
        let jobs = Task { await fixture.service.runJobs() }
        while fixture.service.engine.pending.count > 0 { try await Task.sleep(for: .milliseconds(10)) }
        fixture.service.finishJobs()
        await jobs.value
        let search = try fixture.reply(#"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"cheval"}}"#)
        #expect((search["result"] as? [String: Any])?["total"] as? Int == 1)
        // A quarter of the documents changed: once idle, the service merged the segments.
        #expect(try await fixture.engine.index.mergeSegments(pages: 1) == false)
    }

    @Test func forgetRemovesARootAndRefusesOtherPaths() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let outside = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"forget","params":{"paths":["/etc"]}}"#)
        #expect((outside["error"] as? [String: Any])?["code"] as? Int == ErrorCode.pathOutsideRoots.rawValue)
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":2,"method":"forget","params":{"paths":["\#(fixture.folder)"]}}"#)
        #expect((reply["result"] as? [String: Any])?["removed"] as? Int == 3)
        #expect(try fixture.engine.index.documentCount() == 0)
        #expect(try fixture.engine.index.roots().isEmpty)
    }

    @Test func indexRefusesAMissingPath() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"index","params":{"paths":["/nonexistent/furet"]}}"#)
        #expect((reply["error"] as? [String: Any])?["code"] as? Int == ErrorCode.notFound.rawValue)
    }

    @Test func analyzeShowsLabelledFormsWithScalarOffsets() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"analyze","params":{"text":"« L’Été »","mode":"query"}}"#)
        let tokens = try #require((reply["result"] as? [String: Any])?["tokens"] as? [[String: Any]])
        #expect(tokens.contains { $0["token"] as? String == "ete" && $0["kind"] as? String == "stem" })
        #expect(tokens.allSatisfy { $0["start"] as? Int == 4 && $0["end"] as? Int == 7 })
    }

    @Test func reindexQueuesEveryRoot() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"reindex"}"#)
        #expect((reply["result"] as? [String: Any])?["queued"] as? Int == 1)
        #expect(fixture.service.engine.pending.count == 1)
    }

    @Test func shutdownAnswersThenAsksTheDaemonToStop() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"shutdown","params":{}}"#)
        #expect(reply["result"] as? [String: Any] != nil)
        #expect(fixture.shutdownRequests.count == 1)
    }

    @Test(arguments: [
        ("not json", ErrorCode.parseError),
        (#"{"jsonrpc":"2.0","id":1"#, ErrorCode.parseError),
        (#"[1,2]"#, ErrorCode.invalidRequest),
        (#"{"id":1,"method":"status"}"#, ErrorCode.invalidRequest),
        (#"{"jsonrpc":"1.0","id":1,"method":"status"}"#, ErrorCode.invalidRequest),
        (#"{"jsonrpc":"2.0","id":1,"method":42}"#, ErrorCode.invalidRequest),
        (#"{"jsonrpc":"2.0","id":1,"method":"drop table"}"#, ErrorCode.methodNotFound),
        (#"{"jsonrpc":"2.0","id":1,"method":"search"}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":7}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"a","limit":5000}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"a","offset":-1}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le","offset":9223372036854775807}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le","limit":1000,"offset":9223372036854774807}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le","offset":10001}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le","offset":9223372036854775808}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le","limit":-9223372036854775808}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le","offset":1e300}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"-seulement"}}"#, ErrorCode.querySyntax),
        (#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"rapport after:2024-13-45"}}"#, ErrorCode.querySyntax),
        (#"{"jsonrpc":"2.0","id":1,"method":"analyze","params":{"text":"x","mode":"sql"}}"#, ErrorCode.invalidParams),
        (#"{"jsonrpc":"2.0","id":1,"method":"index","params":{"paths":"/tmp"}}"#, ErrorCode.invalidParams),
    ])
    func malformedRequestsGetTheRightError(line: String, code: ErrorCode) async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let reply = try fixture.reply(line)
        let error = try #require(reply["error"] as? [String: Any], "\(reply)")
        #expect(error["code"] as? Int == code.rawValue)
        #expect((error["message"] as? String)?.isEmpty == false)
    }

    @Test func aQueryOverItsCostLimitsIsRefusedNamingTheLimit() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let words = (0..<200).map { "terme\($0)" }.joined(separator: " OR ")
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"\#(words)"}}"#)
        let error = try #require(reply["error"] as? [String: Any], "\(reply)")
        #expect(error["code"] as? Int == ErrorCode.queryTooExpensive.rawValue)
        #expect((error["message"] as? String)?.contains("at most \(QueryCost.maximumWords)") == true, "\(error)")
        let long = String(repeating: "enquête ", count: 4_000)
        let longReply = try fixture.reply(#"{"jsonrpc":"2.0","id":2,"method":"search","params":{"query":"\#(long)"}}"#)
        #expect((longReply["error"] as? [String: Any])?["code"] as? Int == ErrorCode.queryTooExpensive.rawValue)
    }

    @Test func aSearchOutOfTimeIsRefusedWithItsOwnCode() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let handler = RequestHandler(service: fixture.service, logger: Logger(label: "test"), searchSeconds: 0) {}
        let reply = handler.handle(line: Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"le OR la OR les"}}"#.utf8))
        let decoded = try JSONSerialization.jsonObject(with: Data(reply.line)) as! [String: Any]
        #expect((decoded["error"] as? [String: Any])?["code"] as? Int == ErrorCode.queryTimedOut.rawValue, "\(decoded)")
    }

    @Test(arguments: [
        (#"{"query":"a","offset":1e400}"#, "params.offset must be an integer"),
        (#"{"query":"a","offset":99999999999999999999}"#, "params.offset must be an integer"),
        (#"{"query":"a","limit":1.5}"#, "params.limit must be an integer"),
        (#"{"query":"a","limit":"10"}"#, "params.limit must be an integer"),
        (#"{"query":null}"#, "params.query must not be null"),
        (#"{"quer":"a"}"#, "missing params.query"),
    ])
    func anInvalidFieldIsNamedAsInvalidNotMissing(params: String, message: String) async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"search","params":"# + params + "}")
        let error = try #require(reply["error"] as? [String: Any], "\(reply)")
        #expect(error["code"] as? Int == ErrorCode.invalidParams.rawValue)
        #expect((error["message"] as? String)?.hasPrefix(message) == true, "\(error)")
    }

    @Test(arguments: ["index", "forget"])
    func pathsMustBeAbsoluteAndFreeOfNUL(method: String) async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        // Relative to the daemon's directory, "." would have named some other folder.
        let relative = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":{"paths":["\#(fixture.folder)", "."]}}"#)
        let relativeError = try #require(relative["error"] as? [String: Any], "\(relative)")
        #expect(relativeError["code"] as? Int == ErrorCode.invalidParams.rawValue)
        #expect((relativeError["message"] as? String)?.hasPrefix("params.paths[1] must be an absolute path") == true)
        // Cut at the NUL, this path would have named the fixture's folder.
        let withNUL = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":{"paths":["\#(fixture.folder)\u0000/x"]}}"#)
        let nulError = try #require(withNUL["error"] as? [String: Any], "\(withNUL)")
        #expect(nulError["code"] as? Int == ErrorCode.invalidParams.rawValue)
        #expect((nulError["message"] as? String)?.contains("NUL") == true)
        #expect(try fixture.engine.index.roots() == [fixture.folder])
        #expect(try fixture.engine.index.documentCount() == 3)
    }

    @Test func invalidUTF8IsAnErrorNotACrash() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let reply = fixture.handler.handle(line: Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":""#.utf8) + [0xFF, 0xFE] + Array(#""}}"#.utf8))
        let decoded = try JSONSerialization.jsonObject(with: Data(reply.line)) as! [String: Any]
        #expect((decoded["error"] as? [String: Any])?["code"] as? Int == ErrorCode.invalidUTF8.rawValue)
    }

    @Test(arguments: [
        "\"", "\"guet", "guet\"", "(", ")", "-", "*", ":", "^", "NEAR(", "AND OR NOT", "'; DROP TABLE documents; --",
        "title:", "path:", "col:val", "\"\"", "* * *", "- - -", "OR", "a OR", "OR a", "{title}: x", "x:y:z", "NOT enquete",
    ])
    func hostileQueriesNeverLeakFTS5Errors(query: String) async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let json = String(data: try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": 1, "method": "search", "params": ["query": query]]), encoding: .utf8)!
        let reply = try fixture.reply(json)
        if let error = reply["error"] as? [String: Any] {
            #expect(error["code"] as? Int == ErrorCode.querySyntax.rawValue, "\(query): \(error)")
        } else {
            #expect(reply["result"] != nil)
        }
        #expect(try fixture.engine.index.documentCount() == 3)
    }
}
