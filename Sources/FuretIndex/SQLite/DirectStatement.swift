import CFuretSQLite
import GRDB

/// A cached GRDB statement run with SQLite's own calls, for what the search steps through or
/// reads by the thousand: GRDB's cursors do work per row, and its `Row` copies every value
/// into a row object first, a few microseconds a hit.
struct DirectStatement {
    let statement: Statement
    let db: Database

    /// Steps the statement (its arguments already set) to its end, its rows unread: a
    /// frequent word matches thousands of rows.
    func stepThrough() throws {
        while true {
            let code = sqlite3_step(statement.sqliteStatement)
            if code == SQLITE_ROW { continue }
            if code == SQLITE_DONE { return }
            let error = stepError(code)
            // Reset now: GRDB resets a statement before its next use and traps if that reports
            // this step's error.
            sqlite3_reset(statement.sqliteStatement)
            throw error
        }
    }

    /// Binds `id` to the statement's only parameter and reads its first row with `read`;
    /// `nil` without a row. The row's values are valid only while `read` runs.
    func firstRow<Value>(binding id: Int64, _ read: (DirectRow) -> Value) throws -> Value? {
        let sqlite = statement.sqliteStatement
        sqlite3_reset(sqlite)
        sqlite3_bind_int64(sqlite, 1, id)
        defer { sqlite3_reset(sqlite) }
        switch sqlite3_step(sqlite) {
        case SQLITE_ROW: return read(DirectRow(sqlite: sqlite))
        case SQLITE_DONE: return nil
        case let code: throw stepError(code)
        }
    }

    /// The error of a failed `sqlite3_step`.
    private func stepError(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: db.lastErrorMessage, sql: statement.sql)
    }
}
