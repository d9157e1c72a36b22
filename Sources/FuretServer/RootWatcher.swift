import FuretDocuments
import FuretIndex
import Logging

/// Keeps the index following the disk: watches every root with inotify, turns the
/// watcher's batches into indexing jobs, restarts when the roots change, and periodically
/// rescans what the kernel would not let it watch.
///
/// Catching up: once a watcher has every directory watched, every root is reconciled with
/// the index (size and mtime; files are read only when they differ), so what changed while
/// the daemon was down — or between two watchers — is indexed, and nothing slips between the
/// scan and the watch.
final class RootWatcher: Sendable {
    /// How often directories that could not be watched are rescanned.
    static let rescanInterval: Duration = .seconds(60)

    let service: FuretService
    let logger: Logger
    /// The first catch-up is owed from the daemon's start, so `pending` is never 0 before
    /// the roots were compared with the disk.
    init(service: FuretService, logger: Logger) {
        self.service = service
        self.logger = logger
        service.engine.pending.owesCatchUp()
    }

    /// The catch-up jobs are queued (and pending themselves).
    private func startupCaughtUp() {
        service.engine.pending.catchUpQueued()
    }

    /// Runs until the task is cancelled.
    func run() async {
        defer { startupCaughtUp() }
        var rootChanges = service.rootChanges.makeAsyncIterator()
        while !Task.isCancelled {
            let roots = (try? service.engine.roots()) ?? []
            let folders = roots.filter(FileSystem.isDirectory)
            // Single-file roots are reconciled, not watched.
            for root in roots where !folders.contains(root) { service.enqueue(.reconcile(root: root)) }
            if folders.isEmpty { startupCaughtUp() }
            let batches = service.engine.pending.watcherBatches()
            let watcher = DirectoryWatcher(roots: folders, logger: logger, unfinishedBatches: batches.add)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.watch(with: watcher, roots: folders) }
                group.addTask { await self.reportAndRescan(watcher) }
                _ = await rootChanges.next()
                group.cancelAll()
            }
            service.setWatchedDirectories(0)
        }
    }

    private func watch(with watcher: DirectoryWatcher, roots: [String]) async {
        do {
            try await watcher.run(
                onReady: {
                    service.setWatchedDirectories(watcher.watchedDirectoryCount)
                    for root in roots { service.enqueue(.reconcile(root: root)) }
                    startupCaughtUp()
                },
                onChanges: { changes in
                    for job in Self.jobs(for: changes) { service.enqueue(job) }
                    service.setWatchedDirectories(watcher.watchedDirectoryCount)
                }
            )
        } catch is CancellationError {
            return
        } catch {
            logger.error("cannot watch the roots; they are reconciled but not followed live", metadata: ["error": "\(error)"])
            for root in roots { service.enqueue(.reconcile(root: root)) }
            startupCaughtUp()
        }
    }

    /// Keeps the watched-directory count fresh and rescans unwatched directories.
    private func reportAndRescan(_ watcher: DirectoryWatcher) async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: Self.rescanInterval) } catch { return }
            service.setWatchedDirectories(watcher.watchedDirectoryCount)
            for directory in watcher.unwatchedDirectories { service.enqueue(.reconcile(root: directory)) }
        }
    }

    /// Indexing jobs for a batch of changes, in the batch's order: consecutive changed files
    /// are read in one job; removals and renames touch the index without reading.
    static func jobs(for changes: [FileChange]) -> [FuretService.Job] {
        var jobs: [FuretService.Job] = []
        var changed: [String] = []
        func flushChanged() {
            if !changed.isEmpty { jobs.append(.update(paths: changed)) }
            changed = []
        }
        for change in changes {
            switch change {
            case .changed(let path):
                changed.append(path)
            case .removed(let path):
                flushChanged()
                jobs.append(.apply([.remove(path: path)]))
            case .moved(let from, let to):
                flushChanged()
                jobs.append(.apply([.move(from: from, to: to)]))
                // What arrives under the new name is checked: a file is re-read only if its
                // content differs (a rename from an unindexed name); a folder is reconciled.
                jobs.append(FileSystem.isDirectory(to) ? .reconcile(root: to) : .update(paths: [to]))
            case .rescan(let path):
                flushChanged()
                jobs.append(.reconcile(root: path))
            }
        }
        flushChanged()
        return jobs
    }
}
