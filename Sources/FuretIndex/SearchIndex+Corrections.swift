import FuretAnalysis
import GRDB

extension SearchIndex {
    /// A correction's phrase counts as if one document in this many had it.
    package static let correctionShare = 20

    /// The results of a query whose page was not full as typed: its exact hits first, in their
    /// order, then the documents the corrected words find (see ``TypoCorrector``), and the
    /// corrected query when the query as typed finds nothing or has a word no document has.
    func search(_ query: UserQuery, correcting exact: RankedMatches, with correction: TypoCorrection, limit: Int, offset: Int,
                order: SearchOrder, compiler: QueryCompiler, asOf generation: Int, guard searchGuard: SearchGuard, _ db: Database) throws -> RankedResults {
        // Every correction weighs as a word in a twentieth of the documents: a rare wrong
        // guess must not outrank the right one because it is rare.
        let documents = try FTS5RowCount.documents(db)
        let corrected = try rank(Self.withinCost(compiler.compile(query, corrections: correction.tokens)), of: query,
                                 keep: offset + limit + exact.hits.count, order: order, asOf: generation,
                                 correctionCount: documents / Int64(Self.correctionShare), guard: searchGuard, db)
        let exactIDs = Set(exact.hits.map(\.id))
        let added = corrected.hits.filter { !exactIDs.contains($0.id) }
        var results = RankedResults(total: max(exact.total, corrected.total),
                                    hits: try page(of: exact.hits + added, from: offset, limit: limit, db))
        if let best = added.first, exact.total == 0 || correction.hasUnknownWords {
            let lookup = try db.cachedStatement(sql: "SELECT 1 FROM documents_fts WHERE documents_fts MATCH ? AND rowid = ?")
            results.suggestion = try correction.suggestion(analyzer: compiler.analyzer) { tokens in
                try Bool.fetchOne(lookup, arguments: [QueryCompiler.alternatives(tokens), best.id]) ?? false
            }
            results.isCorrected = exact.total == 0 && results.suggestion != nil
        }
        return results
    }

    /// A corrector of query words reading document counts in `db`.
    func corrector(_ analyzer: FrenchAnalyzer, _ db: Database) -> TypoCorrector {
        TypoCorrector(words: words, accents: accents, analyzer: analyzer) { tokens in
            try Self.documentCounts(of: tokens, db)
        }
    }

    /// How many documents hold each of `tokens` (FTS5's `fts5vocab`); a token no document
    /// holds is absent.
    static func documentCounts(of tokens: [String], _ db: Database) throws -> [String: Int64] {
        guard !tokens.isEmpty else { return [:] }
        let rows = try Row.fetchAll(db, sql: """
            SELECT term, doc FROM documents_vocab WHERE term IN (\(Array(repeating: "?", count: tokens.count).joined(separator: ",")))
            """, arguments: StatementArguments(tokens))
        return Dictionary(rows.map { ($0[0], $0[1]) }, uniquingKeysWith: max)
    }
}
