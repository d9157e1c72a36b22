import FuretCluster
import FuretDocuments
import FuretIndex
import FuretRelease
import Glibc
import Logging
import Synchronization

/// The engine as the daemon serves it: a ``SearchEngine`` and a serial queue of indexing
/// jobs run in the background while searches are answered.
///
/// Jobs count as pending (in the engine's ``PendingWork``) from the moment they are queued,
/// and files a full disk keeps out until space is back, so `status.pending == 0` means the
/// index is up to date with everything asked of it and everything seen on disk.
package final class FuretService: Sendable {
    /// Background work on the index, run one at a time.
    package enum Job: Sendable {
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

    package static let version = ReleaseVersion.number

    package let engine: any SearchEngine
    private let logger: Logger
    private let startedAt = WallClock.now()
    private let jobs: AsyncStream<Job>
    private let jobQueue: AsyncStream<Job>.Continuation
    private let watchedDirectories = Atomic<Int>(0)
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

    package init(engine: any SearchEngine, logger: Logger, diskFullRetryInterval: Duration = .seconds(60)) {
        self.engine = engine
        self.logger = logger
        self.diskFullRetryInterval = diskFullRetryInterval
        (jobs, jobQueue) = AsyncStream.makeStream(of: Job.self)
        (rootChanges, rootChangeSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    // MARK: - Jobs

    /// Queues a job; it counts as pending at once, and a root's reconciliation shows as
    /// queued in ``status()``.
    package func enqueue(_ job: Job) {
        engine.pending.begin()
        if case .reconcile(let root) = job { engine.announceReconcile(root: root) }
        if case .enqueued = jobQueue.yield(job) { return }
        if case .reconcile(let root) = job { engine.withdrawReconcile(root: root) }
        engine.pending.finish()
    }

    /// Runs queued jobs until the task is cancelled (a job in progress stops after its
    /// current batch is committed). When the last queued job ends, the engine has the idle
    /// time for upkeep until the next job is queued.
    package func runJobs() async {
        for await job in jobs {
            await run(job)
            if engine.hasMetDamage { noteDamage(StorageError.corrupt) }
            engine.pending.finish()
            let pending = engine.pending
            if pending.isIdle { await engine.useIdleTime { pending.isIdle } }
        }
    }

    private func run(_ job: Job) async {
        guard !Task.isCancelled else { return }
        do {
            switch job {
            case .reconcile(let root):
                try await engine.reconcile(root: root)
            case .update(let paths):
                try await engine.update(paths: paths)
            case .apply(let changes):
                try await engine.apply(changes)
            case .retryAfterDiskFull:
                // Failing again for another reason, it is tried again at the next interval.
                diskFull.withLock { $0?.retryQueued = false }
                var changed = 0
                for root in try engine.roots() { changed += try await engine.reconcile(root: root) }
                if diskFull.withLock({ $0.take() }) != nil {
                    engine.pending.diskSpaceBack()
                    logger.notice("space is back on the index's disk: indexing resumed", metadata: ["indexed": "\(changed)"])
                }
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

    // MARK: - Problems

    /// Adds a problem to those `status` reports.
    package func report(_ problem: IndexProblem) {
        reported.withLock { $0.append(problem) }
    }

    /// Records that SQLite found the index damaged: reported in `status` (once), logged, and
    /// marked for the next start, which sets the file aside and rebuilds it from the roots.
    package func noteDamage(_ error: any Error) {
        let first = reported.withLock { problems -> Bool in
            guard !problems.contains(where: { $0.reason == .indexCorrupt }) else { return false }
            problems.append(IndexProblem(
                reason: .indexCorrupt,
                message: "the index is damaged; restart furetd to set it aside and rebuild it from the roots",
                filesNotIndexed: nil, since: WallClock.now()))
            return true
        }
        guard first else { return }
        if let path = engine.location { IndexOpening.markDamaged(path) }
        logger.error("the index is damaged; it is rebuilt at the next start", metadata: [
            "index": "\(engine.location ?? ":memory:")", "error": "\(error)",
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
        let free = Self.freeBytes(near: engine.location)
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
        engine.pending.diskFull(keptOut: notIndexed)
        if first {
            logger.error("the disk holding the index is full: indexing waits for space", metadata: [
                "index": "\(engine.location ?? ":memory:")", "files_not_indexed": "\(notIndexed.map(String.init) ?? "?")",
            ])
        }
    }

    /// Files under the roots that the index does not reflect: new, changed or gone.
    private func filesNotIndexed() async -> Int? {
        do {
            var count = 0
            for root in try engine.roots() { count += try await engine.filesNotIndexed(under: root) }
            return count
        } catch {
            return nil
        }
    }

    /// While the disk is full, queues a retry once space is freed (checked every
    /// `interval`), or every ``diskFullRetryInterval`` anyway; runs until cancelled.
    package func watchDiskSpace(every interval: Duration = .seconds(2)) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: interval) } catch { return }
            let free = Self.freeBytes(near: engine.location)
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
    package func finishJobs() {
        jobQueue.finish()
    }

    // MARK: - Roots

    /// Adds roots (folders or single files) and queues their indexing.
    /// - Throws: ``ServiceError/notFound(_:)`` for a path that does not exist,
    ///   ``StorageError/full`` while the index's disk is full.
    package func addRoots(_ paths: [String]) throws -> [String] {
        // Accepted now, the root would wait unindexed behind the full disk: refused, so
        // the client knows.
        if diskFull.withLock({ $0 != nil }) { throw StorageError.full }
        let resolved = try Self.resolve(paths)
        if !(try engine.addRoots(resolved)).isEmpty { rootChangeSignal.yield() }
        for root in resolved { enqueue(.reconcile(root: root)) }
        return resolved
    }

    /// The absolute, symlink-free form of each path, as roots are kept.
    /// - Throws: ``ServiceError/notFound(_:)`` for the first path that does not exist.
    static func resolve(_ paths: [String]) throws(ServiceError) -> [String] {
        try paths.map { path throws(ServiceError) in
            guard let real = FileSystem.resolve(path) else { throw .notFound(path) }
            return real
        }
    }

    /// Queues a reconciliation of every root.
    package func reindexAll() throws -> Int {
        let roots = try engine.roots()
        for root in roots { enqueue(.reconcile(root: root)) }
        return roots.count
    }

    /// Forgets roots, or the roots under a folder, with their documents.
    /// - Throws: ``ServiceError/notARoot(_:)`` when a path is neither a root nor holds one.
    package func forget(_ paths: [String]) throws -> Int {
        let roots = try engine.roots()
        let resolved = paths.map { FileSystem.resolve($0) ?? $0 }
        for path in resolved where !roots.contains(where: { PathRules.contains(root: path, path: $0) }) {
            throw ServiceError.notARoot(path)
        }
        let removed = try engine.forget(resolved)
        rootChangeSignal.yield()
        return removed
    }

    // MARK: - Status

    package struct Status: Sendable {
        package var documents: Int
        package var pending: Int
        package var roots: [String]
        package var indexPath: String
        package var indexBytes: Int
        package var version: String
        package var uptime: Double
        package var watchedDirectories: Int
        /// What keeps the index from following the disk; empty when all is well.
        package var problems: [IndexProblem]
        /// Files not indexed, by reason.
        package var skipped: [String: Int]
        /// Roots queued or being indexed, and how each root's last indexing ended.
        package var progress: [RootProgress]
        /// With `furetd --shards`: each shard's address, documents and health.
        package var shards: [ShardStatus]
    }

    package func status() throws -> Status {
        // Pending first: once it reads 0, every write before is committed, and the counts
        // read next include it. Read after the counts, a write committing in between gave
        // `pending: 0` beside the count from before it.
        let full = diskFull.withLock { $0?.problem }
        let pending = engine.pending.count
        let roots = try engine.roots()
        let contents = try engine.contents(roots: roots)
        return Status(
            documents: contents.documents,
            pending: pending,
            roots: roots,
            indexPath: engine.location ?? ":memory:", indexBytes: contents.bytes, version: Self.version,
            uptime: WallClock.now() - startedAt, watchedDirectories: watchedDirectories.load(ordering: .relaxed),
            problems: reported.withLock { $0 } + (full.map { [$0] } ?? []),
            skipped: contents.skipped,
            progress: contents.progress,
            shards: contents.shards
        )
    }

    /// Updates the number of directories the watcher covers, for ``status()``.
    package func setWatchedDirectories(_ count: Int) {
        watchedDirectories.store(count, ordering: .relaxed)
    }
}
