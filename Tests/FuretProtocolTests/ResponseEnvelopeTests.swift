import FuretProtocol
import Testing

struct ResponseEnvelopeTests {
    private func text(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    @Test(arguments: [
        (ErrorCode.parseError, -32700),
        (.invalidRequest, -32600),
        (.methodNotFound, -32601),
        (.invalidParams, -32602),
        (.internalError, -32603),
        (.querySyntax, -32001),
        (.pathOutsideRoots, -32002),
        (.diskFull, -32003),
        (.indexBusy, -32004),
        (.lineTooLong, -32005),
        (.invalidUTF8, -32006),
        (.notFound, -32007),
    ])
    func errorCodeValues(code: ErrorCode, rawValue: Int) {
        #expect(code.rawValue == rawValue)
    }

    @Test func encodeError() {
        let error = ResponseError(code: .querySyntax, message: #"unbalanced "(" at 12"#)
        #expect(text(ResponseEnvelope.encodeError(error, id: .number(7)))
            == #"{"error":{"code":-32001,"message":"unbalanced \"(\" at 12"},"id":7,"jsonrpc":"2.0"}"# + "\n")
        #expect(text(ResponseEnvelope.encodeError(error, id: .string("a")))
            == #"{"error":{"code":-32001,"message":"unbalanced \"(\" at 12"},"id":"a","jsonrpc":"2.0"}"# + "\n")
    }

    @Test func unknownIdIsNull() {
        let error = ResponseError(code: .parseError, message: "the request is not valid JSON")
        #expect(text(ResponseEnvelope.encodeError(error, id: nil))
            == #"{"error":{"code":-32700,"message":"the request is not valid JSON"},"id":null,"jsonrpc":"2.0"}"# + "\n")
        #expect(text(ResponseEnvelope.encodeResult(ForgetResult(removed: 0), id: nil))
            == #"{"id":null,"jsonrpc":"2.0","result":{"removed":0}}"# + "\n")
    }

    @Test func unencodableResultBecomesInternalError() {
        let hit = SearchHit(path: "/a", title: "", score: .nan, snippet: "", highlights: [])
        #expect(text(ResponseEnvelope.encodeResult(SearchResult(total: 1, hits: [hit]), id: .number(2)))
            == #"{"error":{"code":-32603,"message":"the result cannot be encoded as JSON"},"id":2,"jsonrpc":"2.0"}"# + "\n")
    }

    @Test func decodeError() {
        let line = #"{"jsonrpc":"2.0","id":1,"error":{"code":-32002,"message":"/etc is outside the roots"}}"#
        #expect(ResponseEnvelope.decode(Array(line.utf8), as: IndexResult.self)
            == .failure(ResponseError(code: .pathOutsideRoots, message: "/etc is outside the roots")))
    }

    @Test func decodeUnknownErrorCode() {
        let line = #"{"jsonrpc":"2.0","id":1,"error":{"code":-32099,"message":"new"}}"#
        #expect(ResponseEnvelope.decode(Array(line.utf8), as: IndexResult.self)
            == .failure(ResponseError(code: ErrorCode(rawValue: -32099), message: "new")))
    }

    @Test func decodeResultAsJSONValue() {
        let line = #"{"jsonrpc":"2.0","id":1,"result":{"queued":3,"extra":[true]}}"#
        #expect(ResponseEnvelope.decode(Array(line.utf8), as: JSONValue.self)
            == .success(.object(["queued": .number(3), "extra": .array([.bool(true)])])))
    }

    @Test(arguments: [
        ("furet", "invalid response from the daemon: response is malformed"),
        (#"{"jsonrpc":"2.0","id":1}"#, "invalid response from the daemon: it has neither result nor error"),
        (#"{"jsonrpc":"2.0","id":1,"result":{}}"#, "invalid response from the daemon: missing response.result.queued"),
        (#"{"jsonrpc":"2.0","id":1,"result":{"queued":"3"}}"#, "invalid response from the daemon: response.result.queued must be an integer"),
    ])
    func decodeInvalidResponse(line: String, message: String) {
        #expect(ResponseEnvelope.decode(Array(line.utf8), as: IndexResult.self)
            == .failure(ResponseError(code: .parseError, message: message)))
    }
}
