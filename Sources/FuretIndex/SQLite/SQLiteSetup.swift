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

    /// Adds Furet's FTS5 function `furet_rank()` to a connection (see ``Ranking``).
    static func addFTS5Functions(to db: Database) throws {
        try check(furet_register_fts5_functions(db.sqliteConnection), "cannot register Furet's FTS5 functions")
    }

    /// Throws the `DatabaseError` of an SQLite result code that is not `SQLITE_OK`, as returned
    /// by the C functions GRDB does not wrap.
    static func check(_ code: Int32, _ message: String) throws {
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }
}
