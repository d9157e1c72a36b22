/// Adds folders (with everything below them) or single files as roots: each is indexed,
/// then followed as it changes.
///
/// `{"paths": ["/home/ana/notes"]}` → ``IndexResult``.
public struct IndexRequest: RequestMethod, Hashable {
    public typealias Response = IndexResult
    public static let method = "index"

    /// Absolute paths of existing files or folders (the daemon does not share the client's
    /// working directory).
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
