import FuretDocuments
import GRDB

/// Files that could not be read: remembered until they change, counted by reason.
extension SearchIndex {
    /// How many files are skipped, by reason (``FileSkipReason/kind``).
    public func skippedCounts() throws -> [String: Int] {
        try writer.read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT reason, count(*) FROM skipped_files GROUP BY reason") {
                counts[row[0]] = row[1]
            }
            return counts
        }
    }

    static func recordSkipped(_ path: String, _ stamp: FileStamp, reason: String, _ db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR REPLACE INTO skipped_files(path, size, mtime, reason) VALUES (?, ?, ?, ?)")
            .execute(arguments: [path, stamp.size, stamp.mtime, reason])
    }

    /// Forgets the skipped file at `path`, or every one under the folder `path`.
    static func forgetSkipped(_ path: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM skipped_files WHERE \(StoredPath.atOrUnder)")
            .execute(arguments: StoredPath.atOrUnderArguments(path))
    }
}
