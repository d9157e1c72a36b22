/// Why ``DirectoryWatcher/run(onReady:onChanges:)`` could not start.
package enum WatcherError: Error, CustomStringConvertible {
    /// A root does not exist, is not a directory, or cannot be read.
    case cannotWatchRoot(String, SystemCallError)
    /// The kernel refused a new inotify instance (`/proc/sys/fs/inotify/max_user_instances`).
    case cannotCreateInotify(SystemCallError)

    package var description: String {
        switch self {
        case .cannotWatchRoot(let root, let error):
            "cannot watch \(root): \(error)"
        case .cannotCreateInotify(let error):
            "cannot create an inotify instance: \(error)"
        }
    }
}
