import Foundation

/// The files of an SQLite database in WAL mode: the main file, `-wal` and `-shm`.
enum DatabaseFiles {
    /// The size of the main file and the WAL. Once the last connection has closed, SQLite
    /// has checkpointed and deleted the WAL, so this is the database's lasting size.
    static func bytes(_ path: String) -> Int {
        size(path) + walBytes(path)
    }

    /// The size of the WAL: pages written since the last checkpoint that truncated it.
    static func walBytes(_ path: String) -> Int {
        size(path + "-wal")
    }

    /// Deletes the database, ignoring files that do not exist.
    static func remove(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] {
            try? FileManager.default.removeItem(atPath: file)
        }
    }

    private static func size(_ file: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    }
}
