/// A change the watcher reports; the daemon applies a batch of them in order.
///
/// Paths are absolute and lie under one of the watcher's roots. Only regular files are reported
/// as ``changed(_:)``; the other cases can name files or directories.
package enum FileChange: Hashable, Sendable {
    /// A file was created or written: (re)index it.
    case changed(String)
    /// A file or a whole directory is gone (deleted, or moved out of the roots): forget everything
    /// at or below this path.
    case removed(String)
    /// A file or directory was renamed inside the roots and its content left untouched: update
    /// the paths at or below `from` to lie below `to` without re-reading them. Like `rename(2)`,
    /// whatever the index had at `to` is replaced.
    case moved(from: String, to: String)
    /// Events were lost for this tree (queue overflow, or a directory that could not be watched):
    /// compare the whole tree with the index.
    case rescan(String)
}
