import CMalloc
import FuretDocuments
import FuretIndex
import FuretRelease
import Glibc
public import Logging
import Synchronization

/// The engine as the daemon serves it: the index, the indexer, and a serial queue of
/// indexing jobs run in the background while searches are answered.
///
/// Jobs count as pending from the moment they are queued, and changes the watcher has read
/// from the moment it reads them, so `status.pending == 0` means the index is up to date with
/// everything asked of it and everything seen on disk.
public final class FuretService: Sendable {
    /// Background work on the index, run one at a time.
    public enum Job: Sendable {
        /// Bring a root up to date with the disk (scan, compare, read what changed).
        case reconcile(root: String)
        /// Re-read these files (from the watcher), or drop them when gone.
        case update(paths: [String])
        /// Apply renames and removals reported by the watcher.
        case apply([IndexChange])
        /// Bring every root up to date after a full disk, and end the disk-full state if
        /// that succeeds.
        case retryAfterDiskFull
    }

    public static let version = ReleaseVersion.number

    public let index: SearchIndex
    public let indexer: Indexer
    private let logger: Logger
    private let startedAt = WallClock.now()
    private let jobs: AsyncStream<Job>
    private let jobQueue: AsyncStream<Job>.Continuation
    private let watchedDirectories = Atomic<Int>(0)
    /// The watcher following the roots, whose unfinished batches count as pending work.
    private let watcher = Mutex<DirectoryWatcher?>(nil)
    /// Documents indexed or removed since the index's segments were last merged into one;
    /// kept in the index too, so that a merge a crash cut short is done after the restart.
    private let changedSinceCompaction: Atomic<Int>
    /// The share of the documents that must have changed for ``compactWhileIdle()`` to merge.
    static let compactionShare = 0.1
    /// Pages written by one step of merging (4 KiB each).
    static let compactionStepPages = 500
    /// The full disk the index met, while it lasts.
    private let diskFull = Mutex<DiskFull?>(nil)
    private struct DiskFull {
        var problem: IndexProblem
        /// Free bytes on the index's file system when writing last failed.
        var freeBytes: Int
        var lastAttempt: ContinuousClock.Instant
        var retryQueued = false
    }
    /// Problems reported once and kept for the daemon's life (a damaged index set aside).
    private let reported = Mutex<[IndexProblem]>([])
    /// How often indexing is tried again on a full disk even if no space seems freed (a
    /// quota, or a file system that does not report free space, gives no other sign).
    let diskFullRetryInterval: Duration
    /// Free space, beyond what was free when writing failed, that makes it worth retrying
    /// at once.
    static let diskFullRetryMargin = 4 << 20
    /// Yields whenever roots are added or forgotten (the watcher restarts on it).
    let rootChanges: AsyncStream<Void>
    private let rootChangeSignal: AsyncStream<Void>.Continuation

    public init(index: SearchIndex, indexer: Indexer, logger: Logger, diskFullRetryInterval: Duration = .seconds(60)) {
        self.index = index
        self.indexer = indexer
        self.logger = logger
        self.diskFullRetryInterval = diskFullRetryInterval
        changedSinceCompaction = Atomic((try? index.changesSinceMerge()) ?? 0)
        (jobs, jobQueue) = AsyncStream.makeStream(of: Job.self)
        (rootChanges, rootChangeSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    // MARK: - Jobs

    /// Queues a job; it counts as pending at once, and a root's reconciliation shows as
    /// queued in ``status()``.
    public func enqueue(_ job: Job) {
        indexer.beginPending()
        if case .reconcile(let root) = job { indexer.expectReconcile(root: root) }
        if case .enqueued = jobQueue.yield(job) { return }
        if case .reconcile(let root) = job { indexer.abandonReconcile(root: root) }
        indexer.finishPending()
    }

    /// Runs queued jobs until the task is cancelled (a job in progress stops after its
    /// current batch is committed). When the last queued job ends, the index's segments are
    /// merged if much of it changed, and the memory of indexing batches is given back.
    public func runJobs() async {
        for await job in jobs {
            await run(job)
            if index.hasMetDamage { noteDamage(StorageError.corrupt) }
            indexer.finishPending()
            if indexer.pending == 0 {
                await compactWhileIdle()
                index.releaseIdleMemory()
                furet_release_free_memory()
            }
        }
    }

    private func run(_ job: Job) async {
        guard !Task.isCancelled else { return }
        do {
            let changed: Int
            switch job {
            case .reconcile(let root):
                let report = try await indexer.reconcile(root: root)
                changed = report.indexed + report.removed
            case .update(let paths):
                let report = try await indexer.update(paths: paths)
                changed = report.indexed + report.removed
            case .apply(let changes):
                try await index.apply(changes)
                changed = changes.count
            case .retryAfterDiskFull:
                // Failing again for another reason, it is tried again at the next interval.
                diskFull.withLock { $0?.retryQueued = false }
                var reports: [Indexer.Report] = []
                for root in try index.roots() { reports.append(try await indexer.reconcile(root: root)) }
                changed = reports.reduce(0) { $0 + $1.indexed + $1.removed }
                if diskFull.withLock({ $0.take() }) != nil {
                    logger.notice("space is back on the index's disk: indexing resumed", metadata: ["indexed": "\(changed)"])
                }
            }
            if changed > 0 {
                let total = changedSinceCompaction.add(changed, ordering: .relaxed).newValue
                try? await index.recordChangesSinceMerge(total)
            }
        } catch is CancellationError {
            logger.info("indexing stopped")
        } catch where StorageError(error) == .full {
            await noteDiskFull()
        } catch where StorageError(error) == .corrupt {
            noteDamage(error)
        } catch {
            logger.error("indexing job failed", metadata: ["error": "\(error)"])
        }
    }

    /// Merges the index's segments into one, a step at a time while no job is queued, once
    /// at least ``compactionShare`` of its documents changed since the last time.
    ///
    /// A search looks each term up in every segment, and a bulk load leaves several (dozens
    /// before FTS5's `hashsize` was raised in format 4):
    /// on both corpora, in-process search p50 went from 1.16 ms to 0.91 ms once merged.
    /// Merging rewrites the whole index (1.2 s for both corpora), hence the threshold, which
    /// keeps its cost in proportion to what changed; a step writes about
    /// ``compactionStepPages`` pages, so a job queued meanwhile waits for one step at most.
    private func compactWhileIdle() async {
        let changed = changedSinceCompaction.load(ordering: .relaxed)
        guard changed > 0, let documents = try? index.documentCount(),
              Double(changed) >= Self.compactionShare * Double(documents)
        else { return }
        do {
            while indexer.pending == 0, !Task.isCancelled {
                guard try await index.mergeSegments(pages: Self.compactionStepPages) else {
                    changedSinceCompaction.store(0, ordering: .relaxed)
                    try await index.recordChangesSinceMerge(0)
                    // Gives the merged-away segments' pages back to the file system.
                    await index.checkpoint()
                    return
                }
            }
        } catch {
            logger.warning("merging the index's segments failed", metadata: ["error": "\(error)"])
        }
    }

    // MARK: - Problems

    /// Adds a problem to those `status` reports.
    public func report(_ problem: IndexProblem) {
        reported.withLock { $0.append(problem) }
    }

    /// Records that SQLite found the index damaged: reported in `status` (once), logged, and
    /// marked for the next start, which sets the file aside and rebuilds it from the roots.
    public func noteDamage(_ error: any Error) {
        let first = reported.withLock { problems -> Bool in
            guard !problems.contains(where: { $0.reason == .indexCorrupt }) else { return false }
            problems.append(IndexProblem(
                reason: .indexCorrupt,
                message: "the index is damaged; restart furetd to set it aside and rebuild it from the roots",
                filesNotIndexed: nil, since: WallClock.now()))
            return true
        }
        guard first else { return }
        if let path = index.path { IndexOpening.markDamaged(path) }
        logger.error("the index is damaged; it is rebuilt at the next start", metadata: [
            "index": "\(index.path ?? ":memory:")", "error": "\(error)",
        ])
    }

    // MARK: - Full disk

    /// Records that the index's disk is full: `status` reports it with the number of files
    /// not indexed (counted by comparing the roots with the index, which needs no space),
    /// `pending` stays above 0, and ``watchDiskSpace()`` retries.
    private func noteDiskFull() async {
        let recent = diskFull.withLock { state in state.map { ContinuousClock.now - $0.lastAttempt < .seconds(2) } ?? false }
        // A burst of watcher jobs failing one after another is counted once.
        let notIndexed = recent ? nil : await filesNotIndexed()
        let free = Self.freeBytes(near: index.path)
        let first = diskFull.withLock { state -> Bool in
            guard state != nil else {
                let problem = IndexProblem(
                    reason: .diskFull,
                    message: "the disk holding the index is full; indexing resumes by itself once space is freed",
                    filesNotIndexed: notIndexed, since: WallClock.now())
                state = DiskFull(problem: problem, freeBytes: free, lastAttempt: .now)
                return true
            }
            if let notIndexed { state?.problem.filesNotIndexed = notIndexed }
            state?.freeBytes = free
            state?.lastAttempt = .now
            state?.retryQueued = false
            return false
        }
        if first {
            logger.error("the disk holding the index is full: indexing waits for space", metadata: [
                "index": "\(index.path ?? ":memory:")", "files_not_indexed": "\(notIndexed.map(String.init) ?? "?")",
            ])
        }
    }

    /// Files under the roots that the index does not reflect: new, changed or gone.
    private func filesNotIndexed() async -> Int? {
        do {
            var count = 0
            for root in try index.roots() {
                let differences = try await indexer.differences(under: root)
                count += differences.changed.count + differences.gone.count
            }
            return count
        } catch {
            return nil
        }
    }

    /// While the disk is full, queues a retry once space is freed (checked every
    /// `interval`), or every ``diskFullRetryInterval`` anyway; runs until cancelled.
    public func watchDiskSpace(every interval: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let free = Self.freeBytes(near: index.path)
            let retry = diskFull.withLock { state -> Bool in
                guard let current = state, !current.retryQueued else { return false }
                guard free >= current.freeBytes + Self.diskFullRetryMargin
                    || ContinuousClock.now - current.lastAttempt >= diskFullRetryInterval
                else { return false }
                state?.retryQueued = true
                return true
            }
            if retry { enqueue(.retryAfterDiskFull) }
        }
    }

    /// Bytes free for this user on the file system holding `path` (0 for an index in memory).
    private static func freeBytes(near path: String?) -> Int {
        guard let path else { return 0 }
        var info = statvfs()
        let folder = String(path[..<(path.lastIndex(of: "/") ?? path.endIndex)])
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Stops accepting jobs; ``runJobs()`` ends once the queue is drained.
    public func finishJobs() {
        jobQueue.finish()
    }

    // MARK: - Roots

    /// Adds roots (folders or single files) and queues their indexing.
    /// - Throws: ``ServiceError/notFound(_:)`` for a path that does not exist,
    ///   ``StorageError/full`` while the index's disk is full.
    public func addRoots(_ paths: [String]) throws -> [String] {
        // Accepted now, the root would wait unindexed behind the full disk: refused, so
        // the client knows.
        if diskFull.withLock({ $0 != nil }) { throw StorageError.full }
        let resolved = try paths.map { path in
            guard let real = FileSystem.resolve(path) else { throw ServiceError.notFound(path) }
            return real
        }
        if !(try index.addRoots(resolved)).isEmpty { rootChangeSignal.yield() }
        for root in resolved { enqueue(.reconcile(root: root)) }
        return resolved
    }

    /// Queues a reconciliation of every root.
    public func reindexAll() throws -> Int {
        let roots = try index.roots()
        for root in roots { enqueue(.reconcile(root: root)) }
        return roots.count
    }

    /// Forgets roots, or the roots under a folder, with their documents.
    /// - Throws: ``ServiceError/notARoot(_:)`` when a path is neither a root nor holds one.
    public func forget(_ paths: [String]) throws -> Int {
        let roots = try index.roots()
        let resolved = paths.map { FileSystem.resolve($0) ?? $0 }
        for path in resolved where !roots.contains(where: { PathRules.contains(root: path, path: $0) }) {
            throw ServiceError.notARoot(path)
        }
        let removed = try index.forget(resolved)
        indexer.forgetProgress(keeping: try index.roots())
        rootChangeSignal.yield()
        return removed
    }

    // MARK: - Status

    public struct Status: Sendable {
        public var documents: Int
        public var pending: Int
        public var roots: [String]
        public var indexPath: String
        public var indexBytes: Int
        public var version: String
        public var uptime: Double
        public var watchedDirectories: Int
        /// What keeps the index from following the disk; empty when all is well.
        public var problems: [IndexProblem]
        /// Files not indexed, by reason.
        public var skipped: [String: Int]
        /// Roots queued or being indexed, and how each root's last indexing ended.
        public var progress: [RootProgress]
    }

    public func status() throws -> Status {
        // Pending first: once it reads 0, every write before is committed, and the counts
        // read next include it. Read after the counts, a write committing in between gave
        // `pending: 0` beside the count from before it.
        // Files a full disk kept out count as pending: 0 must mean up to date.
        let full = diskFull.withLock { $0?.problem }
        let pending = indexer.pending + (watcher.withLock { $0?.hasUnfinishedChanges ?? false } ? 1 : 0)
            + (full.map { max($0.filesNotIndexed ?? 1, 1) } ?? 0)
        let roots = try index.roots()
        return Status(
            documents: try index.documentCount(),
            pending: pending,
            roots: roots,
            indexPath: index.path ?? ":memory:", indexBytes: index.diskBytes(), version: Self.version,
            uptime: WallClock.now() - startedAt, watchedDirectories: watchedDirectories.load(ordering: .relaxed),
            problems: reported.withLock { $0 } + (full.map { [$0] } ?? []),
            skipped: try index.skippedCounts().merging(
                [FileSkipReason.unsupportedFormat.kind: indexer.unsupportedFiles(under: roots)].filter { $0.value > 0 },
                uniquingKeysWith: +),
            // Folders the watcher could not watch are reconciled too: not roots, not shown.
            progress: indexer.progress.filter { roots.contains($0.root) }
        )
    }

    /// Updates the number of directories the watcher covers, for ``status()``.
    public func setWatchedDirectories(_ count: Int) {
        watchedDirectories.store(count, ordering: .relaxed)
    }

    /// Records the watcher now following the roots, for ``status()``.
    func setWatcher(_ current: DirectoryWatcher?) {
        watcher.withLock { $0 = current }
    }
}

/// Errors of the service that clients can correct.
public enum ServiceError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case notARoot(String)

    public var description: String {
        switch self {
        case .notFound(let path): "no such file or folder: \(path)"
        case .notARoot(let path): "\(path) is not an indexed root (see status for the roots)"
        }
    }
}
