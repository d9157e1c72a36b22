/// Stops the daemon gracefully: it answers, finishes running requests, then exits.
///
/// `{}` → `{}`.
public struct ShutdownRequest: RequestMethod, Hashable {
    public typealias Response = ShutdownResult
    public static let method = "shutdown"

    public init() {}
}

/// The empty object acknowledging a ``ShutdownRequest``.
public struct ShutdownResult: Codable, Hashable, Sendable {
    public init() {}
}
