/// A JSON-RPC error: what the daemon answers instead of a result.
///
/// Messages name what is wrong (a field, a position in a query) but never quote document
/// text or queries.
public struct ResponseError: Error, Codable, Hashable, Sendable {
    public var code: ErrorCode
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }
}

extension ResponseError: CustomStringConvertible {
    public var description: String {
        "\(message) (error \(code.rawValue))"
    }
}
