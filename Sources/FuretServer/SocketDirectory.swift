import Foundation
import Glibc

/// The folder holding the daemon's socket, which must be the user's alone.
///
/// Whoever can write in that folder can replace the socket with their own and answer the
/// user's queries; whoever can search it can connect. So the folder is created owner-only
/// when missing, and an existing one is used only when it is a real directory (not a
/// symbolic link), owned by the daemon's user, with no permission for group or others.
/// `/tmp/furet-$UID`, the default without `XDG_RUNTIME_DIR`, sits in a folder every user
/// can write: another user may have made it first.
enum SocketDirectory {
    /// Creates the folder of `socketPath` (0700) when missing, then checks it.
    /// - Throws: ``ServerError/unsafeDirectory(_:reason:)`` when the folder is not the user's
    ///   alone, ``ServerError/cannotListen(path:reason:)`` when it cannot be created.
    static func prepare(for socketPath: String) throws(ServerError) {
        let directory = (socketPath as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        do {
            try PrivateFolder.create(folder)
        } catch {
            throw .cannotListen(path: socketPath, reason: error.description)
        }
        try check(folder)
    }

    /// Checks that `folder` is a directory, not a symbolic link, owned by this user, mode 0700
    /// or narrower; the checks run on an open descriptor, so nothing can be swapped between them.
    static func check(_ folder: String) throws(ServerError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            var info = stat()
            if lstat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFLNK {
                throw .unsafeDirectory(folder, reason: "is a symbolic link")
            }
            if code == ENOTDIR { throw .unsafeDirectory(folder, reason: "is not a directory") }
            throw .cannotListen(path: folder, reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw .cannotListen(path: folder, reason: String(cString: strerror(errno)))
        }
        guard info.st_uid == geteuid() else {
            throw .unsafeDirectory(folder, reason: "is owned by user \(info.st_uid), not by this user (\(geteuid()))")
        }
        let mode = info.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw .unsafeDirectory(folder, reason: "has mode \(String(mode, radix: 8)), open to other users; make it 0700")
        }
    }
}
