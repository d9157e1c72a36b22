import Foundation
import Glibc

/// Where the index lives on disk, kept private to the user.
///
/// The index holds every document's path, title and (deflated) text: its folder is created
/// 0700 and its files 0600. SQLite gives its `-wal` and `-shm` files the mode of the
/// database file, so creating that one owner-only, before SQLite opens it, covers all three.
enum IndexLocation {
    /// The suffixes of the files SQLite keeps beside the database in WAL mode.
    static let companionSuffixes = ["", "-wal", "-shm"]

    /// Creates the index's folder (0700) when missing, and the database file (0600), empty,
    /// when missing; narrows an existing index's files to 0600.
    static func prepare(_ indexPath: String) throws {
        let folder = (indexPath as NSString).deletingLastPathComponent
        if !folder.isEmpty { try PrivateFolder.create(folder) }
        let descriptor = open(indexPath, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
        for suffix in companionSuffixes { _ = chmod(indexPath + suffix, 0o600) }
    }
}
