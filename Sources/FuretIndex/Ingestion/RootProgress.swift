/// How far the indexing of one root has gone: what `status` reports while a root is queued,
/// scanned or read, and what its last reconciliation did once it is done.
///
/// Totals are known once the scan ends: they count the files to read (new or changed since
/// the index last saw them) and their bytes on disk, not the unchanged files.
public struct RootProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        /// Asked for, waiting behind other indexing work.
        case queued
        /// Walking the root's folders and comparing them with the index.
        case scanning
        /// Reading and writing the files that changed.
        case indexing
        /// The last reconciliation ended (see ``failed`` for whether it was cut short).
        case done
    }

    public var root: String
    public var phase: Phase
    public var filesTotal = 0
    public var filesDone = 0
    public var bytesTotal = 0
    public var bytesDone = 0
    /// Files read but not indexed (see `status.skipped` for the reasons).
    public var skipped = 0
    /// Files left as they were (same stamp, or same content).
    public var unchanged = 0
    /// When the current phase's reconciliation started (seconds since 1970); `nil` while queued.
    public var startedAt: Double?
    /// When it ended; set in phase ``Phase/done``.
    public var finishedAt: Double?
    /// Whether it stopped before its end (full disk, damaged index, shutdown).
    public var failed = false
    /// Reconciliations of this root asked for and not started yet.
    var waiting = 0

    init(root: String, phase: Phase) {
        self.root = root
        self.phase = phase
    }
}
