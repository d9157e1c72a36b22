import Foundation
import GRDB

/// How many rows the full-text table holds, as FTS5 keeps it for BM25: the first value of its
/// "averages" record (row 1 of `documents_fts_data`, written with every transaction that
/// changes the table), a SQLite varint. What `xRowCount` gives an auxiliary function, read
/// without a `MATCH`.
///
/// `SELECT count(*) FROM documents` walks every entry of the table's smallest index: about
/// 150 ms at 1,000,000 documents, paid by every search whose words find nothing and so get
/// corrected (``SearchIndex/correctionShare``), and by every `status`
/// (``SearchIndex/documentCount()``); this is one row.
enum FTS5RowCount {
    /// The row count of `documents_fts`, 0 when the table has no averages record yet (it is
    /// written with the first row) or the record is not one FTS5 writes.
    static func documents(_ db: Database) throws -> Int64 {
        let record = try Data.fetchOne(db, sql: "SELECT block FROM documents_fts_data WHERE id = 1") ?? Data()
        return decodeVarint(Array(record)) ?? 0
    }

    /// The SQLite varint that `bytes` start with: big-endian groups of 7 bits, each byte but
    /// the last with its high bit set, the ninth byte (if any) holding 8 bits; `nil` when the
    /// bytes end before it does.
    static func decodeVarint(_ bytes: [UInt8]) -> Int64? {
        var value: UInt64 = 0
        for (index, byte) in bytes.prefix(9).enumerated() {
            if index == 8 { return Int64(bitPattern: value << 8 | UInt64(byte)) }
            value = value << 7 | UInt64(byte & 0x7F)
            if byte & 0x80 == 0 { return Int64(bitPattern: value) }
        }
        return nil
    }
}
