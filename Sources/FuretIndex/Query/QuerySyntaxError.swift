/// A query that cannot be searched, with the position (in characters) of the problem.
public struct QuerySyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
    public var position: Int
    public var message: String

    public var description: String { "\(message) (at character \(position + 1))" }
}
