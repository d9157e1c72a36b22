import FuretProtocol
import Testing

/// Every request and response: its exact wire form, and back.
struct RequestRoundTripTests {
    /// Checks that `request` encodes as `line` (`\n` added) and that a server decodes it back.
    private func checkRequest<Method: RequestMethod & Equatable>(
        _ request: Method,
        id: RequestID = .number(1),
        line: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let bytes = RequestEnvelope.encodeRequest(request, id: id)
        #expect(String(decoding: bytes, as: UTF8.self) == line + "\n", sourceLocation: sourceLocation)
        let envelope = try RequestEnvelope(line: bytes.dropLast())
        #expect(envelope.id == id, sourceLocation: sourceLocation)
        #expect(envelope.method == Method.method, sourceLocation: sourceLocation)
        #expect(try envelope.decodeParams(Method.self) == request, sourceLocation: sourceLocation)
    }

    /// Checks that `result` encodes as the result of `line` (`\n` added) and that a client
    /// decodes it back.
    private func checkResponse<Result: Codable & Equatable>(
        _ result: Result,
        line: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let bytes = ResponseEnvelope.encodeResult(result, id: .number(1))
        #expect(String(decoding: bytes, as: UTF8.self) == line + "\n", sourceLocation: sourceLocation)
        #expect(try ResponseEnvelope.decode(bytes.dropLast(), as: Result.self).get() == result, sourceLocation: sourceLocation)
    }

    @Test func search() throws {
        try checkRequest(
            SearchRequest(query: "bail commercial", limit: 10, offset: 20),
            line: #"{"id":1,"jsonrpc":"2.0","method":"search","params":{"limit":10,"offset":20,"query":"bail commercial"}}"#
        )
        try checkRequest(
            SearchRequest(query: "l’été"),
            id: .string("q-1"),
            line: #"{"id":"q-1","jsonrpc":"2.0","method":"search","params":{"query":"l’été"}}"#
        )
        try checkResponse(
            SearchResult(total: 120, hits: [
                SearchHit(
                    path: "/docs/baux/été.txt",
                    title: "Baux",
                    score: 1.5,
                    snippet: "Le bail commercial",
                    highlights: [TextRange(start: 3, end: 7), TextRange(start: 8, end: 18)]
                ),
            ]),
            line: #"{"id":1,"jsonrpc":"2.0","result":{"hits":[{"highlights":[{"end":7,"start":3},{"end":18,"start":8}],"#
                + #""path":"/docs/baux/été.txt","score":1.5,"snippet":"Le bail commercial","title":"Baux"}],"total":120}}"#
        )
    }

    @Test func status() throws {
        try checkRequest(StatusRequest(), line: #"{"id":1,"jsonrpc":"2.0","method":"status","params":{}}"#)
        try checkResponse(
            IndexStatus(
                documents: 3,
                pending: 1,
                roots: ["/home/ana/notes"],
                indexPath: "/home/ana/.local/share/furet/index.sqlite",
                indexBytes: 4096,
                version: "0.1.0",
                uptimeS: 12.5,
                watchedDirectories: 7,
                skipped: ["encrypted": 2]
            ),
            line: #"{"id":1,"jsonrpc":"2.0","result":{"documents":3,"index_bytes":4096,"#
                + #""index_path":"/home/ana/.local/share/furet/index.sqlite","pending":1,"roots":["/home/ana/notes"],"#
                + #""skipped":{"encrypted":2},"uptime_s":12.5,"version":"0.1.0","watched_directories":7}}"#
        )
    }

    @Test func index() throws {
        try checkRequest(
            IndexRequest(paths: ["/home/ana/notes", "/home/ana/a b.txt"]),
            line: #"{"id":1,"jsonrpc":"2.0","method":"index","params":{"paths":["/home/ana/notes","/home/ana/a b.txt"]}}"#
        )
        try checkResponse(IndexResult(queued: 42), line: #"{"id":1,"jsonrpc":"2.0","result":{"queued":42}}"#)
    }

    @Test func forget() throws {
        try checkRequest(
            ForgetRequest(paths: ["/home/ana/old.txt"]),
            line: #"{"id":1,"jsonrpc":"2.0","method":"forget","params":{"paths":["/home/ana/old.txt"]}}"#
        )
        try checkResponse(ForgetResult(removed: 1), line: #"{"id":1,"jsonrpc":"2.0","result":{"removed":1}}"#)
    }

    @Test func analyze() throws {
        try checkRequest(
            AnalyzeRequest(text: "l'été", mode: .query),
            line: #"{"id":1,"jsonrpc":"2.0","method":"analyze","params":{"mode":"query","text":"l'été"}}"#
        )
        try checkRequest(
            AnalyzeRequest(text: "étés", mode: .document),
            line: #"{"id":1,"jsonrpc":"2.0","method":"analyze","params":{"mode":"document","text":"étés"}}"#
        )
        try checkResponse(
            AnalyzeResult(tokens: [
                AnalyzedToken(token: "ete", kind: "stem", start: 2, end: 5),
                AnalyzedToken(token: "=ete", kind: "exact", start: 2, end: 5),
            ]),
            line: #"{"id":1,"jsonrpc":"2.0","result":{"tokens":[{"end":5,"kind":"stem","start":2,"token":"ete"},"#
                + #"{"end":5,"kind":"exact","start":2,"token":"=ete"}]}}"#
        )
    }

    @Test func reindex() throws {
        try checkRequest(ReindexRequest(), line: #"{"id":1,"jsonrpc":"2.0","method":"reindex","params":{}}"#)
        try checkResponse(ReindexResult(queued: 1_234), line: #"{"id":1,"jsonrpc":"2.0","result":{"queued":1234}}"#)
    }

    @Test func shutdown() throws {
        try checkRequest(ShutdownRequest(), line: #"{"id":1,"jsonrpc":"2.0","method":"shutdown","params":{}}"#)
        try checkResponse(ShutdownResult(), line: #"{"id":1,"jsonrpc":"2.0","result":{}}"#)
    }
}
