import Foundation

/// The files of an SQLite database in WAL mode: the main file, `-wal` and `-shm`.
enum DatabaseFiles {
    /// The size of the main file and the WAL. Once the last connection has closed, SQLite
    /// has checkpointed and deleted the WAL, so this is the database's lasting size.
    static func bytes(_ path: String) -> Int {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
    }

    /// Deletes the database, ignoring files that do not exist.
    static func remove(_ path: String) {
        for file in [path, path + "-wal", path + "-shm"] {
            try? FileManager.default.removeItem(atPath: file)
        }
    }
}
