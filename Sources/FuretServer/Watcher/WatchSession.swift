import FuretDocuments
import Glibc
import Logging

/// The watcher's work on its thread: adds watches, turns inotify events into a ``ChangeBatch``,
/// and keeps the ``WatchTable`` in step with renames and deletions.
///
/// Not thread-safe: ``DirectoryWatcher`` creates one per run, on the thread that then uses it
/// alone.
final class WatchSession {
    /// Watched on every directory. The roots themselves may be symbolic links; below them,
    /// `IN_DONT_FOLLOW` keeps the watcher from following any.
    private static let rootMask: InotifyMask = [
        .create, .closeWrite, .delete, .movedFrom, .movedTo, .deleteSelf, .moveSelf,
        .onlyDirectory, .excludeUnlinked,
    ]
    private static let mask = rootMask.union(.dontFollow)

    private let roots: [String]
    private let filter: PathFilter
    private let watchLimit: Int?
    private let logger: Logger
    private let inotify: Inotify
    private(set) var table = WatchTable()
    private var batch = ChangeBatch()
    /// An `IN_MOVED_FROM` waiting for its `IN_MOVED_TO`, which the kernel queues right after it
    /// when the destination is watched too.
    private var pendingMove: (cookie: UInt32, path: String, isDirectory: Bool)?
    /// Whether reaching a watch limit was logged as a warning: once per run is clear enough.
    private var hasWarnedAboutWatchLimit = false

    init(roots: [String], filter: PathFilter, watchLimit: Int?, logger: Logger) throws(WatcherError) {
        self.roots = roots
        self.filter = filter
        self.watchLimit = watchLimit
        self.logger = logger
        do {
            inotify = try Inotify()
        } catch {
            throw .cannotCreateInotify(error)
        }
    }

    var descriptor: Int32 { inotify.descriptor }

    /// Whether changes wait to be taken, or a rename for its second half.
    var hasPendingChanges: Bool { !batch.isEmpty || pendingMove != nil }

    /// Watches every directory under the roots, without reporting the files already there.
    ///
    /// - Throws: ``WatcherError/cannotWatchRoot(_:_:)`` for a root that is missing, not a
    ///   directory or unreadable. A root over the watch limit is left unwatched instead.
    func watchRoots() throws(WatcherError) {
        for root in roots {
            do {
                if try addWatch(root, mask: Self.rootMask) {
                    watchContents(of: root, reportingFiles: false)
                }
            } catch {
                throw .cannotWatchRoot(root, error)
            }
        }
    }

    /// Reads and applies the queued events.
    func readEvents() throws(SystemCallError) {
        for event in try inotify.readEvents() {
            handle(event)
        }
    }

    /// Ends the current batch and returns its changes.
    ///
    /// A rename still waiting for its `IN_MOVED_TO` is a move out of the roots.
    func takeChanges() -> [FileChange] {
        if let move = pendingMove {
            pendingMove = nil
            movedOut(move)
        }
        defer { batch = ChangeBatch() }
        return batch.changes
    }

    // MARK: Events

    private func handle(_ event: InotifyEvent) {
        if let move = pendingMove {
            pendingMove = nil
            if event.mask.contains(.movedTo), event.cookie == move.cookie,
               let destination = entryPath(of: event) {
                moved(move, to: destination)
                return
            }
            movedOut(move)
        }
        if event.mask.contains(.queueOverflow) {
            logger.warning("inotify queue overflowed, events were lost: rescanning the roots")
            roots.forEach { batch.rescan($0) }
            return
        }
        guard let directory = table.path(for: event.descriptor) else {
            return // A watch this session already forgot, and the kernel is dropping.
        }
        if event.mask.contains(.ignored) {
            table.removeDescriptor(event.descriptor)
            return
        }
        guard event.name != nil else {
            directoryItselfChanged(directory, event: event)
            return
        }
        guard let path = entryPath(of: event) else { return }
        let isDirectory = event.mask.contains(.isDirectory)
        if event.mask.contains(.create) {
            if isDirectory { directoryAppeared(path) } else { fileCreated(path) }
        } else if event.mask.contains(.closeWrite) {
            batch.fileChanged(path)
        } else if event.mask.contains(.delete) {
            if isDirectory {
                _ = table.removeTree(at: path) // The kernel drops the watches of deleted directories.
                batch.directoryRemoved(path)
            } else {
                batch.fileRemoved(path)
            }
        } else if event.mask.contains(.movedFrom) {
            pendingMove = (event.cookie, path, isDirectory)
        } else if event.mask.contains(.movedTo) {
            if isDirectory { directoryAppeared(path) } else { fileArrived(path) }
        }
    }

    /// The path of the entry `event` names, or nil if the filter ignores it or its watch is gone.
    private func entryPath(of event: InotifyEvent) -> String? {
        guard let name = event.name, let directory = table.path(for: event.descriptor) else { return nil }
        let path = directory.appendingEntry(name)
        return filter.ignores(name: name, path: path) ? nil : path
    }

    /// `IN_CREATE` of a non-directory: regular files are reported at their `IN_CLOSE_WRITE`,
    /// except hard links, which are never written; symbolic links and the like are ignored.
    ///
    /// A file already renamed or deleted (the temporary file of an atomic save) is still
    /// recorded as created, so that the batch knows the index never held it.
    private func fileCreated(_ path: String) {
        switch try? fileStatus(path) {
        case let status? where status.kind != .regularFile:
            return
        case let status? where status.linkCount > 1:
            batch.fileChanged(path, isNew: true)
        default:
            batch.fileCreated(path)
        }
    }

    /// A file moved in from outside the roots (or from an ignored name).
    private func fileArrived(_ path: String) {
        if let status = try? fileStatus(path), status.kind == .regularFile {
            batch.fileChanged(path)
        }
    }

    /// A directory was created or moved in: watch it and report the files already in it, since
    /// they may have landed before its watch existed.
    private func directoryAppeared(_ path: String) {
        if watchDirectory(path) {
            watchContents(of: path, reportingFiles: true)
        }
    }

    /// A rename inside the roots.
    private func moved(_ move: (cookie: UInt32, path: String, isDirectory: Bool), to destination: String) {
        if move.isDirectory {
            guard table.knows(move.path) else {
                // Renamed before its watch could be added: it is new to the watcher.
                batch.directoryRemoved(move.path)
                directoryAppeared(destination)
                return
            }
            table.moveTree(from: move.path, to: destination)
        }
        batch.moved(from: move.path, to: destination, isDirectory: move.isDirectory)
    }

    /// A rename out of the roots, or to an ignored name: what it moved is gone.
    private func movedOut(_ move: (cookie: UInt32, path: String, isDirectory: Bool)) {
        if move.isDirectory {
            forgetTree(at: move.path)
            batch.directoryRemoved(move.path)
        } else {
            batch.fileRemoved(move.path)
        }
    }

    /// `IN_DELETE_SELF` or `IN_MOVE_SELF`: its parent's events already report other directories,
    /// but nothing watches a root's parent.
    private func directoryItselfChanged(_ directory: String, event: InotifyEvent) {
        guard roots.contains(directory), !event.mask.isDisjoint(with: [.deleteSelf, .moveSelf]) else {
            return
        }
        logger.warning(
            "A root was deleted or moved away: no longer watching it",
            metadata: ["root": "\(PathBytes.readable(directory))"]
        )
        forgetTree(at: directory)
        batch.directoryRemoved(directory)
    }

    /// Removes the watches of `path` and everything below it.
    private func forgetTree(at path: String) {
        for descriptor in table.removeTree(at: path) {
            // EINVAL if the kernel already dropped it: nothing left to remove.
            try? inotify.removeWatch(descriptor)
        }
    }

    // MARK: Watches

    /// Watches every directory below `directory` (already watched); with `reportingFiles`,
    /// reports the regular files found as changed.
    private func watchContents(of directory: String, reportingFiles: Bool) {
        var pending = [directory]
        while let current = pending.popLast() {
            let entries: [(name: String, kind: FileKind)]
            do {
                entries = try directoryEntries(current)
            } catch {
                if error.errno != ENOENT && error.errno != ENOTDIR {
                    cannotWatch(current, error)
                }
                continue
            }
            for (name, kind) in entries {
                let path = current.appendingEntry(name)
                guard !filter.ignores(name: name, path: path) else { continue }
                switch kind {
                case .directory:
                    if watchDirectory(path) {
                        pending.append(path)
                    }
                case .regularFile where reportingFiles:
                    batch.fileChanged(path, isNew: true)
                default:
                    break
                }
            }
        }
    }

    /// Adds a watch on `directory`, below a root; returns whether it is newly watched, so its
    /// entries need watching and listing in turn.
    ///
    /// A directory that vanished or was replaced before it could be watched is skipped: its
    /// parent's events report what became of it. Other failures leave it unwatched.
    private func watchDirectory(_ directory: String) -> Bool {
        do {
            return try addWatch(directory, mask: Self.mask)
        } catch where error.errno == ENOENT || error.errno == ENOTDIR {
            return false
        } catch {
            cannotWatch(directory, error)
            return false
        }
    }

    /// Adds a watch on `directory`; returns whether it is newly watched.
    ///
    /// Over the watch limit, `directory` is left unwatched (see ``leaveUnwatched(_:)``).
    ///
    /// - Throws: The other failures of `inotify_add_watch`.
    private func addWatch(_ directory: String, mask: InotifyMask) throws(SystemCallError) -> Bool {
        if let watchLimit, table.count >= watchLimit {
            watchLimitReached(at: directory, limit: "the watcher's watchLimit of \(watchLimit)")
            return false
        }
        let descriptor: Int32
        do {
            descriptor = try inotify.addWatch(directory, mask: mask)
        } catch where error.errno == ENOSPC {
            watchLimitReached(at: directory, limit: "/proc/sys/fs/inotify/max_user_watches")
            return false
        }
        if let known = table.path(for: descriptor) {
            // The same directory seen twice (a bind mount): watching it once avoids loops.
            if known != directory {
                logger.debug(
                    "Directory already watched at another path",
                    metadata: ["directory": "\(PathBytes.readable(directory))", "watched": "\(known)"]
                )
            }
            return false
        }
        table.insert(descriptor, path: directory)
        return true
    }

    /// Leaves `directory` unwatched because a watch limit is reached: warns the first time,
    /// naming the directory and the limit to raise, then logs at debug level.
    private func watchLimitReached(at directory: String, limit: String) {
        logger.log(
            level: hasWarnedAboutWatchLimit ? .debug : .warning,
            "Watch limit reached: this directory and those below it are only seen by rescans; raise \(limit)",
            metadata: ["directory": "\(PathBytes.readable(directory))", "watched": "\(table.count)"]
        )
        hasWarnedAboutWatchLimit = true
        leaveUnwatched(directory)
    }

    /// Leaves `directory` unwatched because watching or listing it failed (such as EACCES).
    private func cannotWatch(_ directory: String, _ error: SystemCallError) {
        logger.warning(
            "Cannot watch a directory: it and those below it are only seen by rescans",
            metadata: ["directory": "\(PathBytes.readable(directory))", "error": "\(error)"]
        )
        leaveUnwatched(directory)
    }

    /// Reports `directory` for a rescan and remembers it in ``WatchTable/unwatched``, so that
    /// the daemon can rescan it periodically: the watcher leaves no silent gap.
    private func leaveUnwatched(_ directory: String) {
        table.markUnwatched(directory)
        batch.rescan(directory)
    }
}
