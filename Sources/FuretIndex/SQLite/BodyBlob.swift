import CFuretSQLite
import GRDB

/// The stored bodies of documents, read in place with SQLite's incremental blob I/O: a
/// snippet reads the header and the block or two it shows of a body, not the whole of it.
///
/// One handle serves a whole page of hits, moved from row to row (`sqlite3_blob_reopen` is
/// far cheaper than opening). Use it inside one read of `db`, and close it before the read
/// ends.
final class BodyBlob: StoredBytes {
    private var handle: OpaquePointer?
    private let db: Database

    init(_ db: Database) {
        self.db = db
    }

    deinit {
        close()
    }

    /// Points at the body of document `id`; `false` when it has none.
    func move(to id: Int64) -> Bool {
        if let handle {
            if sqlite3_blob_reopen(handle, id) == SQLITE_OK { return true }
            // A failed reopen leaves the handle unusable (aborted): only closing is allowed.
            close()
            return false
        }
        var opened: OpaquePointer?
        let status = sqlite3_blob_open(db.sqliteConnection, "main", "document_bodies", "text", id, 0, &opened)
        guard status == SQLITE_OK else {
            sqlite3_blob_close(opened)
            return false
        }
        handle = opened
        return true
    }

    func close() {
        sqlite3_blob_close(handle)
        handle = nil
    }

    var count: Int {
        handle.map { Int(sqlite3_blob_bytes($0)) } ?? 0
    }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        // SQLite addresses blobs with 32-bit offsets.
        guard let handle, offset >= 0, offset + buffer.count <= min(count, Int(Int32.max)), let base = buffer.baseAddress else {
            return buffer.isEmpty
        }
        return sqlite3_blob_read(handle, base, Int32(buffer.count), Int32(offset)) == SQLITE_OK
    }
}
