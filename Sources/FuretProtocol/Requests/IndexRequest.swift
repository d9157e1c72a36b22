/// Queues files, or directories recursively, for indexing.
///
/// `{"paths": ["/home/ana/notes"]}` → ``IndexResult``.
public struct IndexRequest: RequestMethod, Hashable {
    public typealias Response = IndexResult
    public static let method = "index"

    /// Absolute paths, inside the daemon's roots.
    public var paths: [String]

    public init(paths: [String]) {
        self.paths = paths
    }
}

public struct IndexResult: Codable, Hashable, Sendable {
    /// The number of paths accepted as roots and queued for indexing (their files are
    /// counted by `status.pending` as they are found).
    public var queued: Int
    /// The roots queued, as the daemon resolved them (symbolic links followed): the names
    /// `status.progress` reports them under. Absent from older daemons' replies.
    public var roots: [String]?

    public init(queued: Int, roots: [String]? = nil) {
        self.queued = queued
        self.roots = roots
    }
}
