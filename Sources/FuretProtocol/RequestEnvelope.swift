/// A JSON-RPC request: its id and method, with the params left undecoded until the method
/// tells their type.
///
/// The server decodes each line, then the params of the method it names:
///
/// ```swift
/// let request = try RequestEnvelope(line: line)
/// switch request.method {
/// case SearchRequest.method:
///     let search = try request.decodeParams(SearchRequest.self)
///     …
/// ```
///
/// See <https://www.jsonrpc.org/specification#request_object>.
public struct RequestEnvelope: Hashable, Sendable {
    /// The id to answer to; `nil` when absent or null.
    public var id: RequestID?
    public var method: String
    /// The params, `nil` when absent or null.
    public var params: JSONValue? {
        switch source {
        case .value(let params): params
        case .line(let line): (try? WireJSON.decode(ParamsMember<JSONValue>.self, from: line))?.params.flatMap { $0 == .null ? nil : $0 }
        }
    }

    /// Where the params are: decoded already, or still in the request line.
    private let source: ParamsSource

    private enum ParamsSource: Hashable, Sendable {
        case value(JSONValue?)
        case line([UInt8])
    }

    public init(id: RequestID?, method: String, params: JSONValue?) {
        self.init(id: id, method: method, source: .value(params))
    }

    private init(id: RequestID?, method: String, source: ParamsSource) {
        self.id = id
        self.method = method
        self.source = source
    }

    /// Decodes and validates one request line (without its newline).
    ///
    /// A well-formed request is decoded straight into its members' types, and its params
    /// are decoded only once the method is known (``decodeParams(_:)``); anything else goes
    /// through ``JSONValue``, which tells exactly what is wrong. Decoding `JSONValue` with
    /// `JSONDecoder` tries each JSON type in turn and pays for an error at each miss: about
    /// 60 µs a request, against 10 µs for the direct path.
    ///
    /// - Throws: ``EnvelopeError`` with ``ErrorCode/invalidUTF8``, ``ErrorCode/parseError``
    ///   or ``ErrorCode/invalidRequest``, and the request's id when it could be read.
    public init(line: some Collection<UInt8>) throws(EnvelopeError) {
        guard String(validating: line, as: UTF8.self) != nil else {
            throw EnvelopeError(id: nil, error: ResponseError(code: .invalidUTF8, message: "the request is not valid UTF-8"))
        }
        let bytes = Array(line)
        if let members = try? WireJSON.decode(WellFormedMembers.self, from: bytes), members.jsonrpc == "2.0" {
            self.init(id: members.id, method: members.method, source: .line(bytes))
            return
        }
        let value: JSONValue
        do {
            value = try WireJSON.decode(JSONValue.self, from: bytes)
        } catch {
            throw EnvelopeError(id: nil, error: ResponseError(code: .parseError, message: "the request is not valid JSON"))
        }
        guard case .object(let fields) = value else {
            throw Self.invalid(id: nil, "the request must be a JSON object")
        }
        let id: RequestID?
        switch fields["id"] {
        case nil, .null?: id = nil
        case .number(let number)? where Int(exactly: number) != nil: id = .number(Int(number))
        case .string(let string)?: id = .string(string)
        default: throw Self.invalid(id: nil, "id must be an integer or a string")
        }
        guard fields["jsonrpc"] == .string("2.0") else {
            throw Self.invalid(id: id, #"jsonrpc must be "2.0""#)
        }
        guard case .string(let method)? = fields["method"] else {
            throw Self.invalid(id: id, "method must be a string")
        }
        let params = fields["params"]
        self.init(id: id, method: method, source: .value(params == .null ? nil : params))
    }

    private static func invalid(id: RequestID?, _ message: String) -> EnvelopeError {
        EnvelopeError(id: id, error: ResponseError(code: .invalidRequest, message: message))
    }

    /// The params decoded as the method's type; absent params decode as `{}`.
    ///
    /// - Throws: ``ResponseError`` with ``ErrorCode/invalidParams`` and a message naming
    ///   the offending field, e.g. `params.limit must be an integer`.
    public func decodeParams<Params: Decodable>(_ type: Params.Type) throws(ResponseError) -> Params {
        if case .line(let line) = source {
            // Decoded from the line itself: params whose values `JSONValue` cannot hold
            // (a number beyond a double's range) are reported as they are, not as absent.
            do {
                if let params = try WireJSON.decode(ParamsMember<Params>.self, from: line).params { return params }
            } catch {
                throw ResponseError(code: .invalidParams, message: Self.describe(error, inParamsOf: line))
            }
        }
        // Absent params, or params given as a value: the error names the offending field
        // relative to params.
        do {
            // Re-encoding is simpler than a JSONValue decoder, and params are small.
            return try WireJSON.decode(type, from: WireJSON.encode(params ?? .object([:])))
        } catch {
            throw ResponseError(code: .invalidParams, message: (error as? DecodingError)?.summary(root: "params") ?? "\(error)")
        }
    }

    /// What is wrong with the params of `line`, naming the field.
    ///
    /// `JSONDecoder` reports a number that does not fit its type (`1.5` or `1e400` for an
    /// integer) as invalid JSON with no field, so those fields are found by probing each one.
    private static func describe(_ error: any Error, inParamsOf line: [UInt8]) -> String {
        guard let error = error as? DecodingError else { return "params is malformed" }
        let summary = error.summary(root: "params", droppingLeadingKeys: 1)
        guard case .dataCorrupted(let context) = error, context.codingPath.count <= 1,
              let fields = try? WireJSON.decode(ParamsMember<[String: FieldProbe]>.self, from: line).params,
              let field = fields.filter({ !$0.value.isReadable }).keys.min()
        else { return summary }
        return "params.\(field) must be an integer between -2^63 and 2^63-1"
    }

    /// One request line, ending with `\n`, for a client to send.
    ///
    /// - Precondition: `request` encodes as JSON, as Furet's requests always do: they hold
    ///   no floating-point number, which could be non-finite.
    public static func encodeRequest<Method: RequestMethod>(_ request: Method, id: RequestID) -> [UInt8] {
        try! WireJSON.encodeLine(OutgoingRequest(id: id, params: request))
    }
}

/// The members of a request line when they all have the expected types.
private struct WellFormedMembers: Decodable {
    var jsonrpc: String
    var id: RequestID?
    var method: String
}

/// The params of a request line, `nil` when absent or null.
private struct ParamsMember<Params: Decodable>: Decodable {
    var params: Params?
}

private struct OutgoingRequest<Method: RequestMethod>: Encodable {
    let jsonrpc = "2.0"
    let id: RequestID
    let method = Method.method
    let params: Method
}

/// Whether a params field holds a value the request types can read: anything but a number
/// that is not an integer of 64 bits (the only numbers requests hold are integers).
private struct FieldProbe: Decodable {
    var isReadable: Bool

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        isReadable = container.decodeNil() || (try? container.decode(Int.self)) != nil
            || (try? container.decode(String.self)) != nil || (try? container.decode(Bool.self)) != nil
            || (try? container.decode([FieldProbe].self)) != nil || (try? container.decode([String: FieldProbe].self)) != nil
    }
}
