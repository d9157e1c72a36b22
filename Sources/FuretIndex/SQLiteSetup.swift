import CFuretSQLite
import GRDB

/// Process-wide SQLite settings, applied once before the first connection opens.
enum SQLiteSetup {
    /// Turns memory statistics off: their global mutex keeps two readers from running in
    /// parallel (measured: twice the read throughput on 2 cores without it).
    /// Ignores SQLITE_MISUSE, which only means SQLite was initialised earlier.
    static let once: Void = {
        _ = furet_sqlite_disable_memstatus()
    }()

    /// Adds Furet's FTS5 functions to a connection: `furet_instances()`, which snippets are
    /// built from, and `furet_bm25()`, the ranking (see `CFuretSQLite.h`).
    static func addFTS5Functions(to db: Database) throws {
        let code = furet_register_fts5_functions(db.sqliteConnection)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register Furet's FTS5 functions")
        }
    }
}
