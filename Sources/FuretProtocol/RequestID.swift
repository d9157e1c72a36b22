/// The identifier a client gives a request; the response carries it back.
///
/// JSON-RPC allows a number, a string or null. The envelopes represent null, and an absent
/// id, as `nil`.
public enum RequestID: Hashable, Sendable {
    case number(Int)
    case string(String)
}

extension RequestID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else {
            throw DecodingError.typeMismatch(RequestID.self, DecodingError.Context(
                codingPath: decoder.codingPath,
                debugDescription: "A request id must be an integer or a string."
            ))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        }
    }
}
