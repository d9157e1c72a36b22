/// JSON-RPC responses: encoding on the server, decoding on the client.
///
/// A response is one line: `{"id":1,"jsonrpc":"2.0","result":{…}}` or
/// `{"error":{"code":-32601,"message":"…"},"id":1,"jsonrpc":"2.0"}`, with a null id when
/// the request's is unknown.
///
/// See <https://www.jsonrpc.org/specification#response_object>.
public enum ResponseEnvelope {
    /// The line answering request `id` with `result`, ending with `\n`.
    ///
    /// A result that cannot be encoded (a non-finite score) is answered with an
    /// ``ErrorCode/internalError``.
    public static func encodeResult<Result: Encodable>(_ result: Result, id: RequestID?) -> [UInt8] {
        if let result = result as? SearchResult {
            return SearchResultJSON.line(result, id: id) ?? unencodable(id: id)
        }
        return encodeWithJSONEncoder(result, id: id)
    }

    /// ``encodeResult(_:id:)`` through `JSONEncoder`, whatever the result.
    static func encodeWithJSONEncoder<Result: Encodable>(_ result: Result, id: RequestID?) -> [UInt8] {
        do {
            return try WireJSON.encodeLine(Envelope(id: id, result: result, error: nil))
        } catch {
            return unencodable(id: id)
        }
    }

    private static func unencodable(id: RequestID?) -> [UInt8] {
        encodeError(ResponseError(code: .internalError, message: "the result cannot be encoded as JSON"), id: id)
    }

    /// The line answering request `id` with `error`, ending with `\n`.
    public static func encodeError(_ error: ResponseError, id: RequestID?) -> [UInt8] {
        // An integer and a string always encode.
        try! WireJSON.encodeLine(Envelope<Never>(id: id, result: nil, error: error))
    }

    /// The result or error of a response line (without its newline).
    ///
    /// Pass the method's `Response` type as `type`, or ``JSONValue`` to keep the result as is.
    /// A line that is not a valid response becomes a ``ErrorCode/parseError`` whose message
    /// says what is wrong.
    public static func decode<Result: Decodable>(
        _ line: some Collection<UInt8>,
        as type: Result.Type
    ) -> Swift.Result<Result, ResponseError> {
        let envelope: Envelope<Result>
        do {
            envelope = try WireJSON.decode(Envelope<Result>.self, from: line)
        } catch {
            return .failure(invalidResponse((error as? DecodingError)?.summary(root: "response") ?? "\(error)"))
        }
        if let error = envelope.error {
            return .failure(error)
        }
        guard let result = envelope.result else {
            return .failure(invalidResponse("it has neither result nor error"))
        }
        return .success(result)
    }

    private static func invalidResponse(_ reason: String) -> ResponseError {
        ResponseError(code: .parseError, message: "invalid response from the daemon: \(reason)")
    }
}

/// A response on the wire.
private struct Envelope<Result> {
    var id: RequestID?
    var result: Result?
    var error: ResponseError?

    enum CodingKeys: String, CodingKey {
        case jsonrpc, id, result, error
    }
}

extension Envelope: Encodable where Result: Encodable {
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("2.0", forKey: .jsonrpc)
        // Unlike result and error, id is always present: null when unknown.
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(result, forKey: .result)
        try container.encodeIfPresent(error, forKey: .error)
    }
}

extension Envelope: Decodable where Result: Decodable {
    /// Decodes a response, not checking `jsonrpc`: the client trusts its daemon.
    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decodeIfPresent(RequestID.self, forKey: .id)
        result = try container.decodeIfPresent(Result.self, forKey: .result)
        error = try container.decodeIfPresent(ResponseError.self, forKey: .error)
    }
}
