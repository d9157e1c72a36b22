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

    /// Adds `furet_instances()`, the FTS5 function snippets are built from, to a connection.
    static func addInstancesFunction(to db: Database) throws {
        let code = furet_register_instances_function(db.sqliteConnection)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register furet_instances")
        }
    }
}
