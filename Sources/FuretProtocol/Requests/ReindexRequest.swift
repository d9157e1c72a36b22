/// Queues every file under the daemon's roots for indexing again (e.g. after an analyzer
/// change).
///
/// `{}` → ``ReindexResult``.
public struct ReindexRequest: RequestMethod, Hashable {
    public typealias Response = ReindexResult
    public static let method = "reindex"

    public init() {}
}

public struct ReindexResult: Codable, Hashable, Sendable {
    /// The number of roots queued for reconciliation with the disk.
    public var queued: Int

    public init(queued: Int) {
        self.queued = queued
    }
}
