import Foundation
import Glibc

/// Folders only their owner may enter, for the socket and the index.
enum PrivateFolder {
    /// Creates `folder` with mode 0700 when it does not exist, creating missing parents as
    /// ordinary folders; an existing folder is left as it is.
    /// - Throws: the failing call and its errno.
    static func create(_ folder: String) throws(SystemCallError) {
        if mkdir(folder, 0o700) == 0 || errno == EEXIST { return }
        guard errno == ENOENT else { throw SystemCallError(call: "mkdir \(folder)", errno: errno) }
        try? FileManager.default.createDirectory(
            atPath: (folder as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if mkdir(folder, 0o700) == 0 || errno == EEXIST { return }
        throw SystemCallError(call: "mkdir \(folder)", errno: errno)
    }
}
