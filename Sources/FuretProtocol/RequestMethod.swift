/// A JSON-RPC method: the conforming type is the request's `params` object.
///
/// ```swift
/// let line = RequestEnvelope.encodeRequest(SearchRequest(query: "baux commerciaux"), id: .number(1))
/// // {"id":1,"jsonrpc":"2.0","method":"search","params":{"query":"baux commerciaux"}}
/// ```
public protocol RequestMethod: Codable, Sendable {
    /// The result the daemon answers with.
    associatedtype Response: Codable, Sendable

    /// The JSON-RPC method name.
    static var method: String { get }
}
