import CFuretSQLite
import GRDB

/// The best hits of one search, collected by the FTS5 function `furet_rank` while SQLite
/// scans the matches (see `CFuretSQLite.h`): the total, and the kept rows best first, each
/// with its phrase instances in the body for its snippet.
final class Ranking {
    struct Hit {
        var id: Int64
        /// BM25, higher is better.
        var score: Double
        var matches: BodyMatches
    }

    private let pointer: OpaquePointer

    /// A ranking keeping the `keep` best rows, with their instances in `column`.
    init(keep: Int, column: Int32) throws {
        guard let pointer = furet_ranking_new(Int32(clamping: keep), column) else {
            throw DatabaseError(resultCode: .SQLITE_NOMEM, message: "cannot allocate a ranking")
        }
        self.pointer = pointer
    }

    deinit { furet_ranking_free(pointer) }

    /// Binds the ranking to parameter `index` (1-based) of `statement`, whose other
    /// arguments are already set; the ranking must outlive the statement's execution.
    func bind(to statement: Statement, at index: Int32) throws {
        try SQLiteSetup.check(furet_bind_ranking(statement.sqliteStatement, index, pointer), "cannot bind a ranking")
    }

    /// Makes the ranking keep rows by their date rather than their score; the date is then
    /// the last argument of `furet_rank`.
    func setOrder(_ order: SearchOrder) {
        furet_ranking_set_order(pointer, order.direction)
    }

    /// Makes the ranking stop its search when `guard` says so; `guard` must outlive the search.
    func setGuard(_ guard: SearchGuard) {
        furet_ranking_set_guard(pointer, `guard`.pointer)
    }

    /// Gives the known document counts of the query's phrases (-1 where unknown; see
    /// ``PhraseDocumentCounts``).
    func setDocumentCounts(_ counts: [Int64]) throws {
        let code = counts.withUnsafeBufferPointer { furet_ranking_set_document_counts(pointer, $0.baseAddress, Int32(counts.count)) }
        try SQLiteSetup.check(code, "cannot set document counts")
    }

    /// Makes each phrase count `weights[phrase]` times in the score.
    func setPhraseWeights(_ weights: [Double]) throws {
        let code = weights.withUnsafeBufferPointer { furet_ranking_set_phrase_weights(pointer, $0.baseAddress, Int32(weights.count)) }
        try SQLiteSetup.check(code, "cannot set phrase weights")
    }

    /// Makes the ranking check `proximity` on each row itself (see
    /// `furet_ranking_add_proximity`): the expression asks only for its sides.
    func addProximity(_ proximity: CompiledQuery.Proximity) throws {
        let sides = proximity.sides
        let code = furet_ranking_add_proximity(
            pointer, Int32(clamping: proximity.distance), Int32(sides.count), sides.map { Int32($0.phrases.lowerBound) },
            sides.map { Int32($0.phrases.count) }, sides.map { Int32($0.words) })
        try SQLiteSetup.check(code, "cannot add a proximity")
    }

    /// Makes the ranking score only the expression's first `count` phrases: those after them
    /// restrict which rows a statement visits (see ``ScoringPlan``).
    func setScoredPhrases(_ count: Int) {
        furet_ranking_set_scored_phrases(pointer, Int32(clamping: count))
    }

    /// Whether a row may be dropped (only counted) once its rarest phrases show it cannot
    /// reach the page (see `furet_ranking_set_row_bounds`): `false` reads every row whole.
    func setRowBounds(_ enabled: Bool) {
        furet_ranking_set_row_bounds(pointer, enabled ? 1 : 0)
    }

    /// The most a scored phrase adds to a row's score (IDF × weight × (k1 + 1)); `nil` before
    /// the first row is ranked.
    func bound(ofPhrase phrase: Int) -> Double? {
        let bound = furet_ranking_bound(pointer, Int32(clamping: phrase))
        return bound >= 0 ? bound : nil
    }

    /// Makes the ranking skip the rows of blocks of 2^`shift` rows (see
    /// `furet_ranking_set_block_bounds`): a block's rows score at most its bound; a negative
    /// bound marks a block whose rows were all ranked already.
    func setBlockBounds(shift: Int, _ bounds: [Double]) throws {
        let code = bounds.withUnsafeBufferPointer { furet_ranking_set_block_bounds(pointer, Int32(shift), $0.baseAddress, Int64(bounds.count)) }
        try SQLiteSetup.check(code, "cannot set block bounds")
    }

    /// The index's average row length the ranking scores with; `nil` before the first row.
    var averageLength: Double? {
        let length = furet_ranking_average_length(pointer)
        return length >= 0 ? length : nil
    }

    /// The score of the worst kept row once `keep` rows are kept by score: what a row must
    /// reach to change the page; `nil` before.
    var threshold: Double? {
        var score = 0.0
        return furet_ranking_threshold(pointer, &score) != 0 ? score : nil
    }

    /// The document count of each of the first `phrases` phrases, as given or counted (-1
    /// when no row was ranked).
    func documentCounts(phrases: Int) -> [Int64] {
        (0..<Int32(phrases)).map { furet_ranking_document_count(pointer, $0) }
    }

    /// How many rows were ranked: every match of the statements run.
    var total: Int { Int(furet_ranking_total(pointer)) }

    /// How many of them were dropped before all their phrases were read (see ``setRowBounds(_:)``).
    var dropped: Int { Int(furet_ranking_dropped(pointer)) }

    /// How many row lengths were read from FTS5, not kept by the connection from its earlier
    /// searches (see `RowLengths.h`).
    var lengthReads: Int { Int(furet_ranking_length_reads(pointer)) }

    /// The kept rows from the `first` best on, best first; `phraseTerms` maps the query's
    /// phrases to its terms, `trailingWords` gives the words each matches after its tokens.
    func hits(from first: Int, phraseTerms: [Int?], trailingWords: [Int]) -> [Hit] {
        let count = Int(furet_ranking_finish(pointer))
        return (min(first, count)..<count).map { position in
            var id: Int64 = 0
            var score = 0.0
            var instances: UnsafePointer<Int32>?
            var instanceCount: Int32 = 0
            furet_ranking_hit(pointer, Int32(position), &id, &score, &instances, &instanceCount)
            let triples = UnsafeBufferPointer(start: instances, count: Int(instanceCount) * 3)
            let matches = BodyMatches(instances: triples, phraseTerms: phraseTerms, trailingWords: trailingWords)
            return Hit(id: id, score: -score, matches: matches)
        }
    }
}
