import CFuretSQLite
import Foundation
import GRDB

/// The score bounds of an index's frequent tokens (``ScoreBounds``) as tables store them.
///
/// `score_bounds` holds, for each token in at least ``minimumDocuments`` documents, one byte
/// per block of 2^`shift` rows: the most the token's BM25 saturation reaches in a row of the
/// block, in 255ths of its limit (`furet_block_max`). The bounds are computed once idle
/// (``compute(shift:minimumDocuments:isWanted:_:)``), from a snapshot of the index, and stored only if no
/// document was written since (the `document_writes` counter); from then on, every write
/// lists the blocks of the rows it writes in `score_bound_blocks`, which the bounds no longer
/// bound, until the next computation. `maintenance` keeps the block size and the average row
/// length the bytes were computed with (``ScoreBounds/averageLength``).
package enum StoredScoreBounds {
    /// Tokens in fewer documents get no bounds: a search reads all their rows in less time
    /// than skipping blocks costs (``ScoringPlan/minimumRows``, measured there).
    static let minimumDocuments = ScoringPlan.minimumRows

    /// Blocks of 1,024 rows: in a simulation over the 1,000,000-paragraph growth set, exact
    /// block maxima left 1.3 to 2.6 % of a frequent word's matches to score (`dit`, `@dire`,
    /// `femm`, `yeux`); blocks of 4,096 left 5 to 10 %, and a block costs a statement (FTS5
    /// opens each phrase again, 50 µs for four phrases). A byte a block: 1 MB for the 975
    /// tokens in 16,384 documents or more at 1,000,000.
    static let shift = 10

    /// How much the index's average row length may grow before the bounds stop bounding: a
    /// longer average raises every saturation (``ScoreBounds/averageLength``).
    static let lengthSlack = 0.1

    /// The counter of transactions that wrote documents, in `maintenance`.
    private static let writesKey = "document_writes"
    /// The stored bounds' block size and average row length, in `maintenance`.
    private static let shiftKey = "score_bounds_shift"
    private static let lengthKey = "score_bounds_length"

    /// Bounds computed from one snapshot of the index, for ``store(_:_:)``.
    package struct Computed: Sendable {
        var shift: Int
        var averageLength: Double
        var maxima: [(token: String, bytes: [UInt8])]
        /// The snapshot's `document_writes`.
        var writes: Int64

        package var tokens: Int { maxima.count }
    }

    /// Records that a transaction wrote the documents `ids`: their blocks are no longer
    /// bounded, until the next computation.
    static func markWritten(_ ids: some Sequence<Int64>, _ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO maintenance(key, value) VALUES (?, 1) ON CONFLICT(key) DO UPDATE SET value = value + 1
            """, arguments: [writesKey])
        let shift: Int = try maintenanceValue(shiftKey, db) ?? Self.shift
        let mark = try db.cachedStatement(sql: "INSERT OR IGNORE INTO score_bound_blocks(block) VALUES (?)")
        for block in Set(ids.map { $0 >> shift }) { try mark.execute(arguments: [block]) }
    }

    /// The bounds of every token of at least ``minimumDocuments`` documents, in blocks of
    /// 2^`shift` rows, read in the read transaction `db`; `nil` once `isWanted` says to stop
    /// (asked between tokens).
    package static func compute(
        shift: Int = shift, minimumDocuments: Int64 = minimumDocuments, isWanted: () -> Bool, _ db: Database
    ) throws -> Computed? {
        let writes: Int64 = try maintenanceValue(writesKey, db) ?? 0
        let tokens = try String.fetchAll(db, sql: "SELECT term FROM documents_vocab WHERE doc >= ?", arguments: [minimumDocuments])
        guard let collector = furet_block_bounds_new(Int32(shift), lengthSlack) else {
            throw DatabaseError(resultCode: .SQLITE_NOMEM, message: "cannot allocate score bounds")
        }
        defer { furet_block_bounds_free(collector) }
        let statement = try db.makeStatement(sql: """
            SELECT furet_block_max(documents_fts, ?, \(IndexSchema.columnWeights)) FROM documents_fts WHERE documents_fts MATCH ?
            """)
        var maxima: [(token: String, bytes: [UInt8])] = []
        for token in tokens {
            guard isWanted() else { return nil }
            furet_block_bounds_reset(collector)
            statement.setUncheckedArguments([nil, QueryCompiler.alternatives([token])])
            try SQLiteSetup.check(furet_bind_block_bounds(statement.sqliteStatement, 1, collector), "cannot bind score bounds")
            try DirectStatement(statement: statement, db: db).stepThrough()
            var count: Int64 = 0
            let bytes = furet_block_bounds_maxima(collector, &count)
            maxima.append((token, Array(UnsafeBufferPointer(start: bytes, count: Int(count)))))
        }
        return Computed(shift: shift, averageLength: furet_block_bounds_average_length(collector), maxima: maxima, writes: writes)
    }

    /// Replaces the stored bounds with `computed` in the write transaction `db`, unless a
    /// document was written since its snapshot; returns whether it did.
    static func store(_ computed: Computed, _ db: Database) throws -> Bool {
        let writes: Int64 = try maintenanceValue(writesKey, db) ?? 0
        guard writes == computed.writes else { return false }
        try db.execute(sql: "DELETE FROM score_bounds; DELETE FROM score_bound_blocks")
        let insert = try db.makeStatement(sql: "INSERT INTO score_bounds(token, maxima) VALUES (?, ?)")
        for (token, bytes) in computed.maxima { try insert.execute(arguments: [token, Data(bytes)]) }
        let parameters = try db.makeStatement(sql: "INSERT OR REPLACE INTO maintenance(key, value) VALUES (?, ?)")
        try parameters.execute(arguments: [shiftKey, computed.shift])
        try parameters.execute(arguments: [lengthKey, computed.averageLength])
        return true
    }

    /// The bounds of `tokens` (one per phrase, `nil` for a phrase that is not one token), for
    /// the phrases listed in `needed`: `nil` unless each of those has bounds. The tokens are
    /// looked up first: most searches that could use bounds stop at a rare one.
    static func load(_ tokens: [String?], needed: [Int], _ db: Database) throws -> ScoreBounds? {
        guard !needed.isEmpty else { return nil }
        let read = try db.cachedStatement(sql: "SELECT maxima FROM score_bounds WHERE token = ?")
        var maxima: [Int: [UInt8]] = [:]
        for phrase in needed {
            guard let token = tokens[phrase], let bytes = try Data.fetchOne(read, arguments: [token]) else { return nil }
            maxima[phrase] = Array(bytes)
        }
        guard let shift: Int = try maintenanceValue(shiftKey, db), let averageLength: Double = try maintenanceValue(lengthKey, db)
        else { return nil }
        let unbounded = try Int.fetchSet(db.cachedStatement(sql: "SELECT block FROM score_bound_blocks"))
        return ScoreBounds(shift: shift, averageLength: averageLength, maxima: maxima, unbounded: unbounded)
    }

    /// The value of `key` in `maintenance`, `nil` when it has none.
    private static func maintenanceValue<Value: DatabaseValueConvertible & StatementColumnConvertible>(
        _ key: String, _ db: Database
    ) throws -> Value? {
        try Value.fetchOne(db.cachedStatement(sql: "SELECT value FROM maintenance WHERE key = ?"), arguments: [key])
    }

    /// Whether the bounds are worth computing again: never computed in an index where some
    /// token may be frequent enough, or a `share` of the blocks written since. A computation
    /// that found no frequent token counts: its parameters are stored all the same.
    static func areStale(share: Double, _ db: Database) throws -> Bool {
        let documents = try FTS5RowCount.documents(db)
        guard documents >= minimumDocuments else { return false }
        // The block size is stored with the bounds.
        guard let shift: Int = try maintenanceValue(shiftKey, db) else { return true }
        let written = try Int.fetchOne(db, sql: "SELECT count(*) FROM score_bound_blocks") ?? 0
        let blocks = max(Int(documents >> Int64(shift)), 1)
        return Double(written) >= share * Double(blocks)
    }
}
