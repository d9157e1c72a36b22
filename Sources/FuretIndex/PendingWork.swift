import Synchronization

/// The one account of indexing work not yet done, from which `status.pending` is read.
///
/// Work comes from several places — jobs queued by requests and the watcher, files and scans
/// of the job under way, the catch-up owed since the daemon started, batches of changes the
/// watcher has read but not yet queued, files a full disk keeps out — and each is recorded
/// here, under one lock, as it starts and ends. A count of 0 therefore means the index is
/// up to date with everything asked of it and everything seen on disk; kept apart in the
/// types that do the work, the counts were summed without a common ordering, and a status
/// could read 0 between a job's end and its successor's start.
///
/// ```swift
/// let pending = PendingWork()
/// pending.begin()        // a job is queued
/// pending.finish()       // it ran
/// pending.count          // 0: up to date
/// ```
package final class PendingWork: Sendable {
    private struct State {
        /// Jobs queued or running, and files and scans within the running one.
        var units = 0
        /// Whether the first comparison of the roots with the disk is owed (from the
        /// daemon's start until the catch-up jobs are queued).
        var catchUpOwed = false
        /// The current watcher's batches of changes read and not yet turned into jobs.
        var watcher: (id: ObjectIdentifier, batches: Int)?
        /// Files a full disk keeps out of the index (`nil` while the disk is not full; an
        /// unknown count is `0` here and counts as 1).
        var keptOutByFullDisk: Int?

        var count: Int {
            units + (catchUpOwed ? 1 : 0) + ((watcher?.batches ?? 0) > 0 ? 1 : 0) + (keptOutByFullDisk.map { max($0, 1) } ?? 0)
        }
    }

    private let state = Mutex(State())

    package init() {}

    /// Work not yet done; 0 means up to date. A watcher's unfinished batches count as 1,
    /// as their size is not known until they are queued.
    package var count: Int { state.withLock { $0.count } }

    /// Whether no job, file or scan is queued or under way and no catch-up is owed: the time
    /// for upkeep (merging the index's segments, giving memory back). Changes the watcher is
    /// still gathering, or a full disk, do not hold upkeep back.
    package var isIdle: Bool { state.withLock { $0.units == 0 && !$0.catchUpOwed } }

    /// Counts work known to exist before it starts (a job just queued, files about to be
    /// read); pair with ``finish(_:)``.
    package func begin(_ units: Int = 1) {
        state.withLock { $0.units += units }
    }

    package func finish(_ units: Int = 1) {
        state.withLock { $0.units -= units }
    }

    /// Records that the catch-up after a start is owed, until ``catchUpQueued()``.
    package func owesCatchUp() {
        state.withLock { $0.catchUpOwed = true }
    }

    /// Records that the catch-up's jobs are queued (they count as pending themselves).
    package func catchUpQueued() {
        state.withLock { $0.catchUpOwed = false }
    }

    /// Batches of changes a watcher has read and not yet turned into jobs; they count while
    /// this is the current watcher's (see ``watcherBatches()``).
    package final class WatcherBatches: Sendable {
        private let pending: PendingWork

        fileprivate init(pending: PendingWork) {
            self.pending = pending
        }

        /// Adds `change` (+1 when a batch starts, -1 when it has been handled).
        package func add(_ change: Int) {
            pending.state.withLock { state in
                guard state.watcher?.id == ObjectIdentifier(self) else { return }
                state.watcher?.batches += change
            }
        }
    }

    /// Starts counting the batches of a new watcher, in place of the previous one's: what the
    /// previous watcher had read, the new one's catch-up reconciles.
    package func watcherBatches() -> WatcherBatches {
        let batches = WatcherBatches(pending: self)
        state.withLock { $0.watcher = (ObjectIdentifier(batches), 0) }
        return batches
    }

    /// Records that a full disk keeps `keptOut` files out of the index; `nil` keeps the
    /// count last known (at least 1).
    package func diskFull(keptOut: Int?) {
        state.withLock { state in state.keptOutByFullDisk = keptOut ?? state.keptOutByFullDisk ?? 0 }
    }

    /// Records that the disk is no longer full.
    package func diskSpaceBack() {
        state.withLock { $0.keptOutByFullDisk = nil }
    }
}
