import Glibc

/// A failed system call: its name and the `errno` it set.
///
/// Thrown by the thin wrappers in `Inotify.swift`; the message never contains file contents.
package struct SystemCallError: Error, Equatable, CustomStringConvertible {
    /// The C function that failed, such as `inotify_add_watch`.
    package let call: String
    /// The error number the call set, such as `ENOSPC`.
    package let errno: Int32

    package var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

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
