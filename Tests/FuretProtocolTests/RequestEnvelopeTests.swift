import FuretProtocol
import Testing

struct RequestEnvelopeTests {
    private func envelope(_ line: String) throws(EnvelopeError) -> RequestEnvelope {
        try RequestEnvelope(line: Array(line.utf8))
    }

    /// The error a line is rejected with.
    private func rejection(_ line: some Collection<UInt8>) -> EnvelopeError? {
        do {
            _ = try RequestEnvelope(line: line)
            return nil
        } catch {
            return error
        }
    }

    private func rejection(_ line: String) -> EnvelopeError? {
        rejection(Array(line.utf8))
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":7,"method":"status"}"#, RequestID.number(7)),
        (#"{"jsonrpc":"2.0","id":-7.0,"method":"status"}"#, RequestID.number(-7)),
        (#"{"jsonrpc":"2.0","id":"7","method":"status"}"#, RequestID.string("7")),
        (#"{"jsonrpc":"2.0","id":null,"method":"status"}"#, nil),
        (#"{"jsonrpc":"2.0","method":"status"}"#, nil),
    ])
    func id(line: String, expected: RequestID?) throws {
        let request = try envelope(line)
        #expect(request.id == expected)
        #expect(request.method == "status")
        #expect(request.params == nil)
    }

    @Test func paramsAreKeptAsJSON() throws {
        let request = try envelope(#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":[1,true,null,"é"],"b":{"c":1.5}}}"#)
        #expect(request.params == .object([
            "a": .array([.number(1), .bool(true), .null, .string("é")]),
            "b": .object(["c": .number(1.5)]),
        ]))
    }

    @Test(arguments: [
        (#"{"id":3,"method":"status"}"#, RequestID.number(3), #"jsonrpc must be "2.0""#),
        (#"{"jsonrpc":"1.0","id":"a","method":"status"}"#, RequestID.string("a"), #"jsonrpc must be "2.0""#),
        (#"{"jsonrpc":2.0,"id":3,"method":"status"}"#, RequestID.number(3), #"jsonrpc must be "2.0""#),
        (#"{"jsonrpc":"2.0","id":3,"method":1}"#, RequestID.number(3), "method must be a string"),
        (#"{"jsonrpc":"2.0","id":3}"#, RequestID.number(3), "method must be a string"),
        (#"{"jsonrpc":"2.0","id":1.5,"method":"status"}"#, nil, "id must be an integer or a string"),
        (#"{"jsonrpc":"2.0","id":[1],"method":"status"}"#, nil, "id must be an integer or a string"),
        (#"[{"jsonrpc":"2.0","id":1,"method":"status"}]"#, nil, "the request must be a JSON object"),
        (#""status""#, nil, "the request must be a JSON object"),
    ])
    func invalidRequest(line: String, id: RequestID?, message: String) {
        #expect(rejection(line) == EnvelopeError(id: id, error: ResponseError(code: .invalidRequest, message: message)))
    }

    @Test(arguments: [#"{"jsonrpc":"2.0","id":1,"method":"#, "", "search bail"])
    func parseError(line: String) {
        #expect(rejection(line) == EnvelopeError(id: nil, error: ResponseError(code: .parseError, message: "the request is not valid JSON")))
    }

    @Test func invalidUTF8() {
        let line = Array(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"#.utf8) + [0xE9] + Array(#""}}"#.utf8)
        #expect(rejection(line) == EnvelopeError(id: nil, error: ResponseError(code: .invalidUTF8, message: "the request is not valid UTF-8")))
    }

    @Test func absentOrNullParamsDecodeAsEmptyObject() throws {
        #expect(try envelope(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#).decodeParams(StatusRequest.self) == StatusRequest())
        #expect(try envelope(#"{"jsonrpc":"2.0","id":1,"method":"status","params":null}"#).decodeParams(StatusRequest.self) == StatusRequest())
        #expect(throws: ResponseError(code: .invalidParams, message: "missing params.query")) {
            try envelope(#"{"jsonrpc":"2.0","id":1,"method":"search"}"#).decodeParams(SearchRequest.self)
        }
    }

    @Test func wholeNumbersWrittenAsDecimalsDecodeAsIntegers() throws {
        let params = try envelope(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"q","limit":10.0,"offset":0}}"#)
            .decodeParams(SearchRequest.self)
        #expect(params == SearchRequest(query: "q", limit: 10, offset: 0))
    }

    @Test func nullOptionalParamsDecodeAsNil() throws {
        let params = try envelope(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"q","limit":null}}"#)
            .decodeParams(SearchRequest.self)
        #expect(params == SearchRequest(query: "q"))
    }

    @Test(arguments: [
        (#"{"query":3}"#, "params.query must be a string"),
        (#"{"query":"q","limit":"10"}"#, "params.limit must be an integer"),
        (#"{"query":null}"#, "params.query must not be null"),
        (#"{"limit":10}"#, "missing params.query"),
        (#"["q"]"#, "params must be an object"),
        (#""q""#, "params must be an object"),
    ])
    func invalidSearchParams(params: String, message: String) throws {
        let request = try envelope(#"{"jsonrpc":"2.0","id":1,"method":"search","params":"# + params + "}")
        #expect(throws: ResponseError(code: .invalidParams, message: message)) {
            try request.decodeParams(SearchRequest.self)
        }
    }

    @Test(arguments: [
        (#"{"paths":"/a"}"#, "params.paths must be an array"),
        (#"{"paths":["/a",2]}"#, "params.paths[1] must be a string"),
    ])
    func invalidIndexParams(params: String, message: String) throws {
        let request = try envelope(#"{"jsonrpc":"2.0","id":1,"method":"index","params":"# + params + "}")
        #expect(throws: ResponseError(code: .invalidParams, message: message)) {
            try request.decodeParams(IndexRequest.self)
        }
    }

    @Test func invalidEnumParam() throws {
        let request = try envelope(#"{"jsonrpc":"2.0","id":1,"method":"analyze","params":{"text":"t","mode":"loud"}}"#)
        #expect(throws: ResponseError(code: .invalidParams, message: "params.mode has an invalid value")) {
            try request.decodeParams(AnalyzeRequest.self)
        }
    }
}
