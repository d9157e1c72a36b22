import Foundation
import Logging
import Synchronization

/// Watches directory trees with inotify and reports what changed in them, in batches.
///
/// Every directory under the roots is watched, except hidden ones (`.git`), editor leftovers
/// and what `isIgnored` rejects; symbolic links below the roots are never followed. A new
/// directory is watched as it appears, and the files already in it are reported. The watcher
/// knows nothing of the index: it reports ``FileChange``s and the daemon decides what to do.
///
/// ```swift
/// let watcher = DirectoryWatcher(roots: ["/home/ana/Notes"], logger: logger) { path in
///     path.hasSuffix("/node_modules")
/// }
/// try await watcher.run(onReady: { await index.reconcile() }) { changes in
///     await index.apply(changes)
/// }
/// ```
///
/// ## Batches
///
/// A batch is delivered once events have stopped for `debounce`, or at the latest `maxDelay`
/// after its first event, so that a continuous stream of writes still reaches the index within
/// a second. Within a batch each path's last state wins and atomic saves come out as
/// `.changed(original)`; see ``ChangeBatch`` for the rules. Renames are paired by their inotify
/// cookie; a directory renamed out of the roots is `.removed`, one renamed in is watched and its
/// files reported as changed.
///
/// ## Threads
///
/// ``run(onReady:onChanges:)`` starts a dedicated thread that blocks in `poll(2)` on the inotify
/// descriptor and a wake-up pipe, so that waiting never holds a thread of the cooperative pool.
/// That thread alone owns the inotify descriptor, the watch table and the batch being collected
/// (a ``WatchSession``), and hands finished batches to `run` through an `AsyncThrowingStream`.
/// The only state shared across threads is `status`, behind a `Mutex`: written by the watcher's
/// thread, read through ``watchedDirectoryCount`` and ``unwatchedDirectories``.
///
/// See `inotify(7)` for the kernel side and its limits.
package final class DirectoryWatcher: Sendable {
    private struct Status {
        var watchedDirectoryCount = 0
        var unwatchedDirectories: Set<String> = []
    }

    private enum Event {
        case ready
        case changes([FileChange])
    }

    private let roots: [String]
    private let logger: Logger
    private let debounce: Duration
    private let maxDelay: Duration
    private let watchLimit: Int?
    private let filter: PathFilter
    private let status = Mutex(Status())
    /// Told +1 when a batch starts (an event was read) and -1 once `onChanges` has finished
    /// with it, or it turned out empty.
    private let unfinishedBatches: @Sendable (Int) -> Void

    /// Creates a watcher; nothing is watched until ``run(onReady:onChanges:)``.
    ///
    /// - Parameters:
    ///   - roots: Absolute paths of the directories to watch, with everything below them.
    ///   - logger: Receives debug, info and warning messages; never file contents.
    ///   - debounce: How long events must pause before a batch is delivered.
    ///   - maxDelay: How long a batch may wait for events to pause.
    ///   - watchLimit: At most this many directories are watched; the others are treated as
    ///     if the kernel's limit (`/proc/sys/fs/inotify/max_user_watches`) had been reached.
    ///     Nil to only be bound by the kernel.
    ///   - isIgnored: Whether a file or directory, given by absolute path, is to be neither
    ///     watched nor reported. Called on the watcher's thread.
    ///   - unfinishedBatches: Told +1 when events start a batch, -1 once `onChanges` has
    ///     handled it: while the sum is above 0, the index may lag behind the disk though
    ///     nothing is queued yet.
    package init(
        roots: [String],
        logger: Logger,
        debounce: Duration = .milliseconds(30),
        maxDelay: Duration = .milliseconds(250),
        watchLimit: Int? = nil,
        isIgnored: @escaping @Sendable (String) -> Bool = { _ in false },
        unfinishedBatches: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.roots = roots.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.logger = logger
        self.debounce = debounce
        self.maxDelay = maxDelay
        self.watchLimit = watchLimit
        self.filter = PathFilter(isIgnored: isIgnored)
        self.unfinishedBatches = unfinishedBatches
    }

    /// How many directories are watched: the roots and the directories below them.
    package var watchedDirectoryCount: Int {
        status.withLock { $0.watchedDirectoryCount }
    }

    /// The directories that could not be watched (over the watch limit, or unreadable), sorted:
    /// changes below them are only seen by rescanning them, which the daemon should do
    /// periodically. Each was also reported once as ``FileChange/rescan(_:)``.
    package var unwatchedDirectories: [String] {
        status.withLock { $0.unwatchedDirectories }.sorted()
    }

    /// Watches the roots and reports changes until the task is cancelled.
    ///
    /// Call it once at a time. Files already in the roots are not reported: `onReady` runs once
    /// every directory is watched, which is the moment to compare the roots with the index
    /// without missing a change. Then `onChanges` receives each batch, never empty, one at a
    /// time; batches keep being collected while it runs.
    ///
    /// - Throws: ``WatcherError`` if a root cannot be watched or inotify is unavailable,
    ///   ``SystemCallError`` if another system call fails. Cancellation returns normally.
    package func run(
        onReady: @Sendable () async -> Void = {},
        onChanges: @Sendable ([FileChange]) async -> Void
    ) async throws {
        let wakeUp = try WakeUpPipe()
        let (events, continuation) = AsyncThrowingStream.makeStream(of: Event.self)
        // Runs when the task is cancelled, and harmlessly when the thread ends the stream.
        continuation.onTermination = { _ in wakeUp.signal() }
        let thread = Thread { [self] in
            do {
                try watch(until: wakeUp, continuation: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        thread.name = "furet-watcher"
        thread.start()
        for try await event in events {
            switch event {
            case .ready: await onReady()
            case .changes(let changes):
                await onChanges(changes)
                unfinishedBatches(-1)
            }
        }
    }

    /// The watcher thread's loop: watch the roots, then read events and deliver batches until
    /// `wakeUp` is signalled.
    private func watch(
        until wakeUp: WakeUpPipe,
        continuation: AsyncThrowingStream<Event, any Error>.Continuation
    ) throws {
        let session = try WatchSession(roots: roots, filter: filter, watchLimit: watchLimit, logger: logger)
        try session.watchRoots()
        publishStatus(of: session)
        logger.info("Watching directories", metadata: [
            "roots": "\(roots.count)",
            "directories": "\(session.table.count)",
            "unwatched": "\(session.table.unwatched.count)",
        ])
        continuation.yield(.ready)

        /// When the batch being collected got its first and its latest event.
        var window: (first: ContinuousClock.Instant, latest: ContinuousClock.Instant)?
        func deadline() -> ContinuousClock.Instant? {
            window.map { min($0.latest + debounce, $0.first + maxDelay) }
        }
        func noteEvents() {
            guard session.hasPendingChanges else { return }
            let now = ContinuousClock.now
            if window == nil { unfinishedBatches(1) }
            window = (window?.first ?? now, now)
        }

        noteEvents() // Directories left unwatched already wait to be reported.
        while true {
            let timeout = deadline().map(Self.pollTimeout(until:)) ?? -1
            let readable = try pollReadable([session.descriptor, wakeUp.readEnd], timeout: timeout)
            if readable[1] {
                return
            }
            if readable[0] {
                try session.readEvents()
                publishStatus(of: session)
                noteEvents()
            }
            if let deadline = deadline(), ContinuousClock.now >= deadline {
                window = nil
                let changes = session.takeChanges()
                publishStatus(of: session)
                if changes.isEmpty {
                    unfinishedBatches(-1)
                } else {
                    logger.debug("Reporting changes", metadata: ["count": "\(changes.count)"])
                    continuation.yield(.changes(changes))
                }
            }
        }
    }

    private func publishStatus(of session: WatchSession) {
        let table = session.table
        status.withLock {
            $0 = Status(watchedDirectoryCount: table.count, unwatchedDirectories: table.unwatched)
        }
    }

    /// `poll(2)`'s timeout in milliseconds until `deadline`, rounded up so as not to wake early.
    private static func pollTimeout(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        return Int32(clamping: seconds * 1000 + (attoseconds + perMillisecond - 1) / perMillisecond)
    }
}
