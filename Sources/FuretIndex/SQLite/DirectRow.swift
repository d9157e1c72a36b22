import CFuretSQLite

/// The current row of a ``DirectStatement``, its values read in place with SQLite's column
/// calls; valid only until the statement steps or resets.
struct DirectRow {
    let sqlite: OpaquePointer

    /// The column as text; empty for `NULL`.
    func text(_ column: Int32) -> String {
        // Text first, then its length in bytes, as SQLite documents.
        let text = sqlite3_column_text(sqlite, column)
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(sqlite, column))), as: UTF8.self)
    }

    /// The column's bytes in place; empty for `NULL`.
    func blob(_ column: Int32) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: sqlite3_column_blob(sqlite, column), count: Int(sqlite3_column_bytes(sqlite, column)))
    }

    /// The column's bytes when it holds a blob, else `nil`.
    func blobIfAny(_ column: Int32) -> UnsafeRawBufferPointer? {
        sqlite3_column_type(sqlite, column) == SQLITE_BLOB ? blob(column) : nil
    }

    /// The column's text when it holds text, else `nil`.
    func textIfAny(_ column: Int32) -> String? {
        sqlite3_column_type(sqlite, column) == SQLITE_TEXT ? text(column) : nil
    }

    /// The column's integer when it holds one, else `nil`.
    func integerIfAny(_ column: Int32) -> Int64? {
        sqlite3_column_type(sqlite, column) == SQLITE_INTEGER ? sqlite3_column_int64(sqlite, column) : nil
    }
}
