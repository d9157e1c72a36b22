/// A condition that keeps the index from following the disk, reported by `status` until it
/// is over.
public struct IndexProblem: Sendable, Equatable {
    public enum Reason: String, Sendable {
        /// The disk holding the index is full: indexing waits for space.
        case diskFull = "disk_full"
        /// The index file was damaged: set aside and rebuilt from the roots.
        case indexCorrupt = "index_corrupt"
    }

    public var reason: Reason
    /// What happened and what the daemon does about it; paths but never document text.
    public var message: String
    /// Files on disk the index does not reflect yet (new, changed or removed), when known.
    public var filesNotIndexed: Int?
    /// When it began, in seconds since 1970.
    public var since: Double
}
