import CMalloc
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
    /// Documents indexed or removed since the index's segments were last merged into one.
    private let changedSinceCompaction = Atomic<Int>(0)
    /// The share of the documents that must have changed for ``compactWhileIdle()`` to merge.
    static let compactionShare = 0.1
    /// Pages written by one step of merging (4 KiB each).
    static let compactionStepPages = 500
    /// Yields whenever roots are added or forgotten (the watcher restarts on it).
    let rootChanges: AsyncStream<Void>
    private let rootChangeSignal: AsyncStream<Void>.Continuation

    public init(index: SearchIndex, indexer: Indexer, logger: Logger) {
        self.index = index
        self.indexer = indexer
        self.logger = logger
        (jobs, jobQueue) = AsyncStream.makeStream(of: Job.self)
        (rootChanges, rootChangeSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    // MARK: - Jobs

    /// Queues a job; it counts as pending at once.
    public func enqueue(_ job: Job) {
        indexer.beginPending()
        if case .enqueued = jobQueue.yield(job) { return }
        indexer.finishPending()
    }

    /// Runs queued jobs until the task is cancelled (a job in progress stops after its
    /// current batch is committed). When the last queued job ends, the index's segments are
    /// merged if much of it changed, and the memory of indexing batches is given back.
    public func runJobs() async {
        for await job in jobs {
            await run(job)
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
            }
            changedSinceCompaction.add(changed, ordering: .relaxed)
        } catch is CancellationError {
            logger.info("indexing stopped")
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
                    // Gives the merged-away segments' pages back to the file system.
                    await index.checkpoint()
                    return
                }
            }
        } catch {
            logger.warning("merging the index's segments failed", metadata: ["error": "\(error)"])
        }
    }

    /// Stops accepting jobs; ``runJobs()`` ends once the queue is drained.
    public func finishJobs() {
        jobQueue.finish()
    }

    // MARK: - Roots

    /// Adds roots (folders or single files) and queues their indexing.
    /// - Throws: ``ServiceError/notFound(_:)`` for a path that does not exist.
    public func addRoots(_ paths: [String]) throws -> [String] {
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
    }

    public func status() throws -> Status {
        // Pending first: once it reads 0, every write before is committed, and the counts
        // read next include it. Read after the counts, a write committing in between gave
        // `pending: 0` beside the count from before it.
        let pending = indexer.pending + (watcher.withLock { $0?.hasUnfinishedChanges ?? false } ? 1 : 0)
        return Status(
            documents: try index.documentCount(),
            pending: pending,
            roots: try index.roots(),
            indexPath: index.path ?? ":memory:", indexBytes: index.diskBytes(), version: Self.version,
            uptime: WallClock.now() - startedAt, watchedDirectories: watchedDirectories.load(ordering: .relaxed)
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
