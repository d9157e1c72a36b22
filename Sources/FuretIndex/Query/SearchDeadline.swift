/// How long a search may take, and whose disconnection cancels it.
///
/// The time counts from the call to ``SearchIndex/search(_:limit:offset:deadline:)``,
/// waiting for a turn included; it is enforced inside SQLite (its progress handler, and the
/// ranking's loops within FTS5), so a query of very frequent words stops when it runs out,
/// not when it ends.
///
/// ```swift
/// let results = try index.search("cheval", deadline: SearchDeadline(seconds: 0.5, client: descriptor))
/// ```
public struct SearchDeadline: Sendable {
    /// What a search gets by default: any query is answered or refused within two seconds,
    /// with room left for snippets and the reply.
    public static let defaultSeconds = 1.5

    public var seconds: Double
    /// A connected socket whose peer, once it closes, no longer wants the answer; `nil` for
    /// a caller in process.
    public var client: Int32?

    public init(seconds: Double = Self.defaultSeconds, client: Int32? = nil) {
        self.seconds = seconds
        self.client = client
    }
}
