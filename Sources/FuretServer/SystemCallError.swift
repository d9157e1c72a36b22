import Glibc

/// A failed system call: its name and the `errno` it set.
///
/// Thrown by the thin wrappers of the watcher (`Inotify.swift`) and the socket server
/// (``UnixSocket``); the message never contains file contents.
package struct SystemCallError: Error, Equatable, CustomStringConvertible {
    /// The C function that failed, such as `inotify_add_watch`.
    package let call: String
    /// The error number the call set, such as `ENOSPC`.
    package let errno: Int32

    package var description: String {
        "\(call) failed: \(String(cString: strerror(errno))) (errno \(errno))"
    }
}
