/// Why a request line cannot be dispatched: the error to answer with, and the id to
/// answer to.
public struct EnvelopeError: Error, Hashable, Sendable {
    /// The request's id, when the line has a valid one; `nil` answers with a null id.
    public var id: RequestID?
    public var error: ResponseError

    public init(id: RequestID?, error: ResponseError) {
        self.id = id
        self.error = error
    }
}
