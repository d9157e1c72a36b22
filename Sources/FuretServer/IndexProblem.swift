/// A condition that keeps the index from following the disk, reported by `status` until it
/// is over.
package struct IndexProblem: Sendable, Equatable {
    package enum Reason: String, Sendable {
        /// The disk holding the index is full: indexing waits for space.
        case diskFull = "disk_full"
        /// The index file was damaged: set aside and rebuilt from the roots.
        case indexCorrupt = "index_corrupt"
    }

    package var reason: Reason
    /// What happened and what the daemon does about it; paths but never document text.
    package var message: String
    /// Files on disk the index does not reflect yet (new, changed or removed), when known.
    package var filesNotIndexed: Int?
    /// When it began, in seconds since 1970.
    package var since: Double
}
