import Foundation
import FuretCluster
import FuretDocuments
import GRDB

/// What a ``ClusterEngine`` knows of the files, kept across restarts in a small SQLite file
/// beside where the local index would be: its roots, and the stamp of each file as its shard
/// last committed it, so that a restarted router sends only what changed.
///
/// A file whose change did not reach its shard (unreachable: the change waits in the
/// router's memory) is kept with ``unsent``, a stamp no file has, until a later write
/// reaches it: after a restart, the reconciliation reads it again if it is still on disk and
/// removes it from the shards if it is gone, so no change waiting for a down shard is lost
/// with the router's memory. A waiting change that the router wrote later is sent once more
/// after a restart: the router's late write does not update the stamp.
///
/// The stamps hold for one list of shards: with another (a shard added), files hash to other
/// shards, and the stamps are dropped so that every file is written again.
final class ClusterState: Sendable {
    /// The stamp of a file whose last change has not reached its shard.
    static let unsent = FileStamp(size: -1, mtime: -1)

    private let database: DatabaseQueue

    /// The file beside the local index's path `indexPath` where a router keeps its state.
    static func path(besideIndex indexPath: String) -> String {
        let folder = (indexPath as NSString).deletingLastPathComponent
        return (folder.isEmpty ? "" : folder + "/") + "router-state.sqlite"
    }

    /// The state in the SQLite file at `path` (created if needed), or in memory when `nil`,
    /// for a router over `shards`.
    init(path: String?, shards: [ShardAddress]) throws {
        database = try path.map { try DatabaseQueue(path: $0) } ?? DatabaseQueue()
        let list = Self.list(shards)
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS roots(path TEXT PRIMARY KEY) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS files(path TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS shards(list TEXT NOT NULL);
                """)
            if try String.fetchOne(db, sql: "SELECT list FROM shards") != list {
                try db.execute(sql: "DELETE FROM files; DELETE FROM shards")
                try db.execute(sql: "INSERT INTO shards(list) VALUES (?)", arguments: [list])
            }
        }
    }

    /// After a rehash from `old` to `new`, every file is on its shard under `new`: the stamps
    /// of the state at `path` recorded for `old` hold for `new`. A state recorded for another
    /// list, or none, is left as it is.
    static func rehashed(path: String, from old: [ShardAddress], to new: [ShardAddress]) throws {
        guard FileManager.default.fileExists(atPath: path) else { return }
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE shards SET list = ? WHERE list = ?", arguments: [list(new), list(old)])
        }
    }

    /// How a list of shards is recorded.
    private static func list(_ shards: [ShardAddress]) -> String { shards.map(\.description).joined(separator: ",") }

    func roots() throws -> Set<String> {
        try database.read { Set(try String.fetchAll($0, sql: "SELECT path FROM roots")) }
    }

    func stamps() throws -> [String: FileStamp] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT path, size, mtime FROM files")
            return Dictionary(rows.map { ($0[0], FileStamp(size: $0[1], mtime: $0[2])) }, uniquingKeysWith: { _, last in last })
        }
    }

    func addRoots(_ paths: [String]) throws {
        try database.write { db in
            for path in paths { try db.execute(sql: "INSERT OR IGNORE INTO roots(path) VALUES (?)", arguments: [path]) }
        }
    }

    func removeRoots(_ paths: [String]) throws {
        try database.write { db in
            for path in paths { try db.execute(sql: "DELETE FROM roots WHERE path = ?", arguments: [path]) }
        }
    }

    /// Records each file's new stamp, or that it is gone (`nil`), in one transaction.
    func record(_ changes: [(path: String, stamp: FileStamp?)]) throws {
        guard !changes.isEmpty else { return }
        try database.write { db in
            for (path, stamp) in changes {
                if let stamp {
                    try db.execute(sql: "INSERT OR REPLACE INTO files(path, size, mtime) VALUES (?, ?, ?)",
                                   arguments: [path, stamp.size, stamp.mtime])
                } else {
                    try db.execute(sql: "DELETE FROM files WHERE path = ?", arguments: [path])
                }
            }
        }
    }
}
