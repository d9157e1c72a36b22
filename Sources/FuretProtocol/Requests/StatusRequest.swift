/// Describes the index and the daemon.
///
/// `{}` → ``IndexStatus``.
public struct StatusRequest: RequestMethod, Hashable {
    public typealias Response = IndexStatus
    public static let method = "status"

    public init() {}
}

/// The state of the index and of the daemon.
public struct IndexStatus: Codable, Hashable, Sendable {
    /// Documents in the index.
    public var documents: Int
    /// Files waiting to be (re)indexed.
    public var pending: Int
    /// The directories the daemon indexes and watches.
    public var roots: [String]
    /// The index database's path.
    public var indexPath: String
    /// The index's size on disk, in bytes.
    public var indexBytes: Int
    /// The daemon's version.
    public var version: String
    /// Seconds since the daemon started.
    public var uptimeS: Double
    /// Directories under watch (one inotify watch each).
    public var watchedDirectories: Int
    /// What keeps the index from following the disk (a full disk, a damaged index set aside);
    /// empty when all is well. Absent from older daemons' replies.
    public var errors: [Problem]?

    /// A condition that keeps the index from following the disk.
    public struct Problem: Codable, Hashable, Sendable {
        /// `disk_full` or `index_corrupt`; an open set.
        public var reason: String
        public var message: String
        /// Files on disk the index does not reflect yet, when known.
        public var filesNotIndexed: Int?
        /// When it began, in seconds since 1970.
        public var since: Double

        public init(reason: String, message: String, filesNotIndexed: Int?, since: Double) {
            self.reason = reason
            self.message = message
            self.filesNotIndexed = filesNotIndexed
            self.since = since
        }

        enum CodingKeys: String, CodingKey {
            case reason
            case message
            case filesNotIndexed = "files_not_indexed"
            case since
        }
    }
    /// Files not indexed, counted by reason (`encrypted`, `damaged`, `no_text_layer`,
    /// `binary`, `too_large`, `unsupported`, `extractor_crashed`, `timed_out`,
    /// `unsupported_extension`, …). Each is read again once it changes.
    public var skipped: [String: Int]

    public init(
        documents: Int,
        pending: Int,
        roots: [String],
        indexPath: String,
        indexBytes: Int,
        version: String,
        uptimeS: Double,
        watchedDirectories: Int,
        errors: [Problem]? = nil,
        skipped: [String: Int] = [:]
    ) {
        self.documents = documents
        self.pending = pending
        self.roots = roots
        self.indexPath = indexPath
        self.indexBytes = indexBytes
        self.version = version
        self.uptimeS = uptimeS
        self.watchedDirectories = watchedDirectories
        self.errors = errors
        self.skipped = skipped
    }

    enum CodingKeys: String, CodingKey {
        case documents
        case pending
        case roots
        case indexPath = "index_path"
        case indexBytes = "index_bytes"
        case version
        case uptimeS = "uptime_s"
        case watchedDirectories = "watched_directories"
        case errors
        case skipped
    }
}
