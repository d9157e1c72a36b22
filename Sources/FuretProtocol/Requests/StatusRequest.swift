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
    /// Roots queued or being indexed, and how each root's last indexing ended. Absent from
    /// older daemons' replies.
    public var progress: [Progress]?

    /// The indexing of one root: what `furet index` and `furet status --watch` draw.
    public struct Progress: Codable, Hashable, Sendable {
        public var root: String
        /// `queued`, `scanning`, `indexing` or `done`.
        public var phase: String
        /// Files to read (new or changed), known once the scan is over.
        public var filesTotal: Int
        public var filesDone: Int
        /// Their bytes on disk.
        public var bytesTotal: Int
        public var bytesDone: Int
        /// Files read but not indexed (see `skipped` for the reasons).
        public var skipped: Int
        /// Files left as they were.
        public var unchanged: Int
        /// When the indexing began and ended, in seconds since 1970.
        public var startedAt: Double?
        public var finishedAt: Double?
        /// Whether it stopped before its end (see `errors`).
        public var failed: Bool

        public init(
            root: String, phase: String, filesTotal: Int, filesDone: Int, bytesTotal: Int, bytesDone: Int,
            skipped: Int, unchanged: Int, startedAt: Double?, finishedAt: Double?, failed: Bool
        ) {
            self.root = root
            self.phase = phase
            self.filesTotal = filesTotal
            self.filesDone = filesDone
            self.bytesTotal = bytesTotal
            self.bytesDone = bytesDone
            self.skipped = skipped
            self.unchanged = unchanged
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.failed = failed
        }

        /// Whether the root waits or is being indexed.
        public var isActive: Bool { phase != "done" }

        enum CodingKeys: String, CodingKey {
            case root
            case phase
            case filesTotal = "files_total"
            case filesDone = "files_done"
            case bytesTotal = "bytes_total"
            case bytesDone = "bytes_done"
            case skipped
            case unchanged
            case startedAt = "started_at"
            case finishedAt = "finished_at"
            case failed
        }
    }

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
        skipped: [String: Int] = [:],
        progress: [Progress]? = nil,
        shards: [Shard]? = nil
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
        self.progress = progress
        self.shards = shards
    }

    /// With `furetd --shards`: each shard of the cluster; absent for a local index.
    public var shards: [Shard]?

    /// One shard of a cluster.
    public struct Shard: Codable, Hashable, Sendable {
        /// `HOST:PORT`.
        public var address: String
        /// Its documents; absent when it did not answer.
        public var documents: Int?
        /// Whether it answered.
        public var healthy: Bool
        /// Files changed while it was unreachable, waiting in the router.
        public var pendingFiles: Int
        /// Why it did not answer.
        public var problem: String?
        /// The replica searched instead, `HOST:PORT`, when the shard did not answer and its
        /// replica did.
        public var servedBy: String?
        /// That replica's documents.
        public var replicaDocuments: Int?
        /// How much older (seconds) the replica's last commit is than the router's last
        /// commit to the shard: the span of writes the replica may lack; absent when unknown.
        public var replicaBehindS: Double?

        public init(
            address: String, documents: Int?, healthy: Bool, pendingFiles: Int, problem: String?, servedBy: String? = nil,
            replicaDocuments: Int? = nil, replicaBehindS: Double? = nil
        ) {
            self.address = address
            self.documents = documents
            self.healthy = healthy
            self.pendingFiles = pendingFiles
            self.problem = problem
            self.servedBy = servedBy
            self.replicaDocuments = replicaDocuments
            self.replicaBehindS = replicaBehindS
        }

        enum CodingKeys: String, CodingKey {
            case address
            case documents
            case healthy
            case pendingFiles = "pending_files"
            case problem
            case servedBy = "served_by"
            case replicaDocuments = "replica_documents"
            case replicaBehindS = "replica_behind_s"
        }
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
        case progress
        case shards
    }
}
