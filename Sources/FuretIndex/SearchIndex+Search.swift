import CFuretSQLite
import Foundation
import FuretAnalysis
import FuretLemmas
import GRDB

extension SearchIndex {
    /// The largest page a search returns.
    public static let maximumLimit = 1_000
    /// The most hits a search skips: the ranking keeps `offset + limit` rows with their
    /// matches, so this bounds its memory, far past what anyone pages through.
    public static let maximumOffset = 10_000
    /// Up to this many matches (or `offset + limit` when more), a search's total is exact;
    /// past it, the total is this number and ``RankedResults/totalIsLowerBound`` says there
    /// are more, as Elasticsearch's `track_total_hits` does by default. Counting every match
    /// of a word in half the documents costs more than the page itself, and matches that
    /// cannot reach the page are then not even scored (``ScoringPlan``).
    public static let exactTotalLimit = 10_000

    /// Searches the index with what a person typed (see ``UserQuery`` for the syntax).
    ///
    /// Synchronous: it blocks the calling thread on one of the pool's readers, which is what
    /// a connection thread of the daemon wants (no hop through the cooperative pool).
    ///
    /// - Parameters:
    ///   - text: the query as typed.
    ///   - limit: hits per page, 1 to ``maximumLimit``.
    ///   - offset: hits to skip, 0 to ``maximumOffset``.
    ///   - order: by relevance, or by the documents' dates; with corrections, the hits of the
    ///     query as typed come first in either order.
    ///   - deadline: how long the search may take, waiting included, and whose
    ///     disconnection cancels it.
    ///   - exactTotal: whether to count every match, however many (see ``exactTotalLimit``).
    /// - Throws: ``QuerySyntaxError`` for a query with nothing to search or a bad filter;
    ///   `SearchIndex.InvalidPage` for a bad limit or offset; ``QueryCostError`` for a query
    ///   over the limits of ``QueryCost``; ``SearchInterruption`` when the deadline passes or
    ///   the client goes first.
    public func search(
        _ text: String, limit: Int = 10, offset: Int = 0, order: SearchOrder = .relevance, deadline: SearchDeadline = SearchDeadline(),
        exactTotal: Bool = false
    ) throws -> RankedResults {
        try search(text, limit: limit, offset: offset, order: order, deadline: deadline, exactTotal: exactTotal, scoring: .bounded)
    }

    /// ``search(_:limit:offset:order:deadline:exactTotal:)`` scoring its matches as `scoring` says.
    package func search(
        _ text: String, limit: Int = 10, offset: Int = 0, order: SearchOrder = .relevance, deadline: SearchDeadline = SearchDeadline(),
        exactTotal: Bool = false, scoring: ScoringMode
    ) throws -> RankedResults {
        guard (1...Self.maximumLimit).contains(limit), (0...Self.maximumOffset).contains(offset) else {
            throw InvalidPage(limit: limit, offset: offset)
        }
        let bytes = text.utf8.count
        guard bytes <= QueryCost.maximumBytes else { throw QueryCostError.tooLong(bytes: bytes, maximum: QueryCost.maximumBytes) }
        let query = try QueryParser.parse(text)
        try QueryCost.check(query)
        let searchGuard = try SearchGuard(deadline)
        return try searchGuard.reportingInterruption {
            try lanes.withTurn(costly: QueryCost.isCostly(query), searchGuard) {
                try analyzers.withAnalyzer { analyzer in
                    let totalLimit = exactTotal ? Int.max : max(Self.exactTotalLimit, offset + limit)
                    var results = try search(query, typed: text, limit: limit, offset: offset, order: order, totalLimit: totalLimit,
                                             scoring: scoring, analyzer: analyzer, guard: searchGuard)
                    if results.total > totalLimit {
                        results.total = totalLimit
                        results.totalIsLowerBound = true
                    }
                    return results
                }
            }
        }
    }

    /// The results of `query`, whose total is exact up to `totalLimit` and past it only
    /// known to exceed it.
    private func search(
        _ query: UserQuery, typed text: String, limit: Int, offset: Int, order: SearchOrder, totalLimit: Int, scoring: ScoringMode,
        analyzer: FrenchAnalyzer, guard searchGuard: SearchGuard
    ) throws -> RankedResults {
        let compiler = QueryCompiler(analyzer: analyzer, accents: accents)
        // Full scoring is FTS5's own evaluation of the query, proximities included.
        let compiled = try Self.withinCost(compiler.compile(query, ranksProximities: scoring != .full))
        let generation = phraseCounts.generation
        return try writer.read { db in
            searchGuard.attach(to: db)
            defer { searchGuard.detach(from: db) }
            let exact = try rank(compiled, of: query, keep: offset + limit, order: order, asOf: generation, totalLimit: totalLimit,
                                 scoring: scoring, guard: searchGuard, db)
            // Corrections only when the page is not full (see ``TypoCorrector``): a query
            // that finds enough as typed ranks exactly as typed, and costs nothing more.
            guard exact.total < offset + limit,
                  let correction = try corrector(analyzer, db).correct(query, typed: text, exactTotal: exact.total) else {
                return try RankedResults(total: exact.total, hits: page(of: exact.hits, from: offset, limit: limit, db))
            }
            return try search(query, correcting: exact, with: correction, limit: limit, offset: offset, order: order, compiler: compiler,
                              asOf: generation, guard: searchGuard, db)
        }
    }

    /// `compiled`, unless it has more phrases than ``QueryCost/maximumPhrases``.
    static func withinCost(_ compiled: CompiledQuery) throws -> CompiledQuery {
        let forms = compiled.phrases.reduce(0) { $0 + $1.forms }
        guard forms <= QueryCost.maximumPhrases else {
            throw QueryCostError.tooManyPhrases(forms, maximum: QueryCost.maximumPhrases)
        }
        return compiled
    }

    /// The matches of one compiled query: how many, and the best kept with where they matched.
    struct RankedMatches {
        /// How many rows match, exact up to the ranking's total limit.
        var total: Int
        /// How many of them were scored.
        var scored: Int
        /// How many of the scored were dropped before all their phrases were read.
        var dropped: Int
        /// How many rows' lengths were read from FTS5, not kept by the connection from its
        /// earlier searches.
        var lengthReads: Int
        var hits: [Ranking.Hit]
        /// The document count of each phrase, as given or counted (-1 where neither).
        var documentCounts: [Int64]
    }

    /// Limits a ranking to some documents, scored with the given phrase counts (-1 where
    /// unknown): a standing query's evaluation of a write (see ``StandingQuery``).
    ///
    /// The ranking runs once per run of close ids, FTS5 reading the query's doclists between
    /// the run's bounds only. Each id alone (`rowid IN (…)`, which FTS5 takes as one lookup
    /// per id) cost 0.2 to 0.7 ms an id on a plain FTS5 table of 200,000 documents, 200 ms or
    /// more for a batch of 1,000 new ones; their single run, 0.4 to 15 ms.
    struct RankedAmong {
        /// The ids as JSON, to keep only them within a run's bounds.
        var idList: String
        var runs: [ClosedRange<Int64>]
        var documentCounts: [Int64]

        /// Ids less than this apart share a run: reading the doclists over a gap costs less
        /// than another query.
        static let runGap: Int64 = 256

        init(ids: [Int64], documentCounts: [Int64]) {
            idList = "[" + ids.map(String.init).joined(separator: ",") + "]"
            var runs: [ClosedRange<Int64>] = []
            for id in ids.sorted() {
                if let last = runs.last, id - last.upperBound < Self.runGap {
                    runs[runs.count - 1] = last.lowerBound...id
                } else {
                    runs.append(id...id)
                }
            }
            self.runs = runs
            self.documentCounts = documentCounts
        }
    }

    /// Counts the matches of `compiled` and keeps the `keep` first in `order`; `generation` is
    /// the phrase counts' generation read before the transaction began, and `correctionCount`
    /// the document count given to corrections' phrases (BM25's IDF); `among` limits the
    /// ranking to some documents (whose counts are then not remembered).
    ///
    /// By relevance, with every phrase's count known, the matches are scored in the stages of
    /// a ``ScoringPlan`` and those that cannot reach the kept rows are only counted, up to
    /// `totalLimit` and one more: the total is exact up to `totalLimit`, and past it only
    /// known to exceed it. `scoring` `.full` scores every match in one pass (what the stages
    /// must equal).
    func rank(_ compiled: CompiledQuery, of query: UserQuery, keep: Int, order: SearchOrder = .relevance, asOf generation: Int,
              correctionCount: Int64 = -1, among restriction: RankedAmong? = nil, totalLimit: Int = .max,
              scoring: ScoringMode = .bounded, guard searchGuard: SearchGuard, _ db: Database) throws -> RankedMatches {
        var (filters, filterArguments) = Self.filters(for: query)
        let join = filters.isEmpty && order == .relevance ? "" : " JOIN documents d ON d.id = documents_fts.rowid"
        let date = order == .relevance ? "" : ", \(Self.documentDate)"
        if restriction != nil {
            // `+` keeps SQLite from giving FTS5 the list, which it would look up id by id.
            filters += " AND documents_fts.rowid BETWEEN ? AND ? AND +documents_fts.rowid IN (SELECT value FROM json_each(?))"
        }
        let phrases = compiled.phrases.map(\.expression)
        let ranking = try Ranking(keep: keep, column: IndexSchema.bodyColumn)
        var counts = restriction?.documentCounts ?? phraseCounts.counts(of: phrases)
        for (index, phrase) in compiled.phrases.enumerated() where phrase.isCorrection {
            counts[index] = correctionCount
        }
        let proximityCounts = try ProximityCounts(compiled, counts: &counts, given: restriction != nil, known: phraseCounts, db)
        for proximity in compiled.proximities { try ranking.addProximity(proximity) }
        try ranking.setDocumentCounts(counts)
        try ranking.setPhraseWeights(compiled.phrases.map(\.weight))
        ranking.setScoredPhrases(phrases.count)
        ranking.setGuard(searchGuard)
        ranking.setOrder(order)
        ranking.setRowBounds(scoring != .full)
        let rank = try db.cachedStatement(sql: """
            SELECT furet_rank(documents_fts, ?, \(IndexSchema.columnWeights)\(date)) FROM documents_fts\(join)
            WHERE documents_fts MATCH ?\(filters)
            """)
        // FTS5 does not let an auxiliary function feed an aggregate, so the rows are stepped
        // through here; their scores are already in the ranking.
        func rankMatches(_ match: String, _ runArguments: StatementArguments = []) throws {
            rank.setUncheckedArguments([nil, match] + filterArguments + runArguments)
            try ranking.bind(to: rank, at: 1)
            try DirectStatement(statement: rank, db: db).stepThrough()
        }
        var unscored = 0
        let (minimumRows, growth) = scoring == .staged ? (0, 1) : (ScoringPlan.minimumRows, ScoringPlan.growth)
        if restriction == nil, order == .relevance, scoring != .full,
           let plan = ScoringPlan(compiled, counts: counts, keep: keep, minimumRows: minimumRows, growth: growth) {
            // Whether no match of the stages from `stage` on can reach the page.
            func cannotReachThePage(from stage: Int, _ threshold: Double) -> Bool {
                let bound = plan.phrasesLeft(from: stage).reduce(0.0) { $0 + (ranking.bound(ofPhrase: $1) ?? .infinity) }
                return bound * (1 + Self.boundMargin) < threshold
            }
            let blockRank = try db.cachedStatement(sql: """
                SELECT furet_rank(documents_fts, ?, \(IndexSchema.columnWeights)) FROM documents_fts\(join)
                WHERE documents_fts MATCH ?\(filters) AND documents_fts.rowid BETWEEN ? AND ?
                """)
            // Ranks the matches of the stages from `stage` on block by block (``ScoreBounds``):
            // those of the blocks that cannot reach the page are counted.
            func rankByBlock(from stage: Int, _ bounds: ScoreBounds, phrases left: [Int]) throws {
                let match = stage == 0 ? compiled.match : plan.match(from: stage, query: compiled.match)
                let before = ranking.total
                let readEveryBlock = try Self.rankBlocks(bounds, phrases: left, ranking: ranking) { rows in
                    guard let rows else { return try rankMatches(match) }
                    blockRank.setUncheckedArguments([nil, match] + filterArguments + [rows.lowerBound, rows.upperBound])
                    try ranking.bind(to: blockRank, at: 1)
                    try DirectStatement(statement: blockRank, db: db).stepThrough()
                }
                guard !readEveryBlock, ranking.total <= totalLimit else { return }
                if stage == 0, filters.isEmpty, compiled.isAlternatives, totalLimit != .max, left.contains(where: { counts[$0] > totalLimit }) {
                    // One of the forms alone is in more rows than the limit: the total is past
                    // it, without counting.
                    unscored = totalLimit + 1 - ranking.total
                } else {
                    let limit = totalLimit == .max ? -1 : totalLimit - before + 1
                    let all = try Self.countMatches(match, join: join, filters: filters, arguments: filterArguments, limit: limit, db)
                    unscored = all - (ranking.total - before)
                }
            }
            var stage = 0
            while stage < plan.stages.count {
                var end = stage + 1
                if stage > 0, let threshold = ranking.threshold {
                    if cannotReachThePage(from: stage, threshold) {
                        // One past the limit tells a total over it; -1 counts them all.
                        let limit = totalLimit == .max ? -1 : max(totalLimit - ranking.total + 1, 0)
                        if limit != 0 {
                            unscored = try Self.countMatches(plan.match(from: stage, query: compiled.match), join: join,
                                                             filters: filters, arguments: filterArguments, limit: limit, db)
                        }
                        break
                    }
                    end = (stage + 1..<plan.stages.count).first { cannotReachThePage(from: $0, threshold) } ?? plan.stages.count
                }
                // The phrases left may reach the page: by block, when they all have bounds (a
                // phrase in no document adds nothing anywhere).
                let left = plan.phrasesLeft(from: stage)
                if let bounds = try StoredScoreBounds.load(compiled.phraseTokens, needed: left.filter { counts[$0] != 0 }, db) {
                    try rankByBlock(from: stage, bounds, phrases: left)
                    break
                }
                try rankMatches(plan.match(ofStages: stage..<end, query: compiled.match))
                stage = end
            }
        } else if let restriction {
            for run in restriction.runs {
                try rankMatches(compiled.match, [run.lowerBound, run.upperBound, restriction.idList])
            }
        } else {
            try rankMatches(compiled.match)
        }
        // Corrections' counts are not their own.
        let documentCounts = ranking.documentCounts(phrases: phrases.count)
        if restriction == nil {
            let counted = zip(compiled.phrases.indices, documentCounts).filter { phrase, _ in
                !compiled.phrases[phrase].isCorrection && !proximityCounts.phrases.contains(phrase)
            }
            phraseCounts.remember(counted.map { compiled.phrases[$0.0].expression } + proximityCounts.sides,
                                  counts: counted.map(\.1) + proximityCounts.counts, asOf: generation)
        }
        return RankedMatches(total: ranking.total + unscored, scored: ranking.total, dropped: ranking.dropped,
                             lengthReads: ranking.lengthReads,
                             hits: ranking.hits(from: 0, phraseTerms: compiled.phraseTerms, trailingWords: compiled.phraseTrailingWords),
                             documentCounts: documentCounts)
    }

    /// How far below the page's worst score the bounds of the phrases left must sum to stop
    /// scoring: room for the rounding of BM25's sums, far below any difference between scores.
    static let boundMargin = 1e-9

    /// Ranks the matches of `phrases` (all with `bounds`) block by block with `rank`, which
    /// ranks the matches among some rows (all with `nil`): the block whose bound is highest,
    /// one at a time, while its bound reaches the page's worst score (or the page is not full).
    /// The other blocks' rows cannot reach the page: as with ``ScoringPlan``'s stages, the page
    /// is the one a pass over every match gives. Returns whether it read every match: then
    /// every match is counted; otherwise the blocks left are not read.
    ///
    /// A block read alone costs a statement, in which FTS5 opens every phrase again (about
    /// 50 µs for four), and it pays only when most blocks are left out. Once blocks hold few
    /// matches, or many blocks still reach the page's worst score after ``BlockVisits/trial``
    /// of them, one pass reads the matches left, the ranking leaving out the rows already
    /// ranked and only counting, positions unread, those of blocks that cannot reach the page
    /// (`furet_ranking_set_block_bounds`): FTS5 walks every row, but most are not scored.
    /// Reading the blocks left as rowid ranges instead cost a fifth more per row (FTS5 checks
    /// each against the range), and the statements on top.
    ///
    /// Before the ranking's first row the phrases' limits are unknown (their IDFs come with
    /// it): the first blocks are chosen by their bytes alone. Once the index's average row
    /// length outgrows the one the bounds were computed with, they bound nothing: the pass
    /// scores every row left.
    static func rankBlocks(
        _ bounds: ScoreBounds, phrases: [Int], ranking: Ranking, rank: (ClosedRange<Int64>?) throws -> Void
    ) throws -> Bool {
        func blockBounds() -> [Double] {
            (0..<bounds.blockCount).map { bounds.bound(ofBlock: $0, phrases: phrases) { ranking.bound(ofPhrase: $0) ?? 1 } }
        }
        var blockBound = blockBounds()
        var hasLimits = ranking.averageLength != nil
        var left = Set(blockBound.indices.filter { blockBound[$0] > 0 })
        var visits = 0
        let earlier = ranking.total
        while let best = left.max(by: { blockBound[$0] < blockBound[$1] }) {
            if let threshold = ranking.threshold {
                let reaching = left.count { blockBound[$0] * (1 + boundMargin) >= threshold }
                // No block left reaches the page.
                if reaching == 0 { return false }
                let bounding = ranking.averageLength.map { $0 <= bounds.averageLength } ?? false
                guard bounding, ranking.total - earlier >= BlockVisits.matchesPerBlock * visits,
                      visits < BlockVisits.trial || reaching * 2 <= left.count, visits < BlockVisits.most
                else {
                    let passBounds = blockBound.indices.map { block in
                        left.contains(block) ? (bounding ? blockBound[block] : .infinity) : -1
                    }
                    try ranking.setBlockBounds(shift: bounds.shift, passBounds)
                    try rank(nil)
                    return true
                }
            }
            visits += 1
            try rank(bounds.rows(of: best))
            left.remove(best)
            if !hasLimits, ranking.averageLength != nil {
                blockBound = blockBounds()
                hasLimits = true
            }
        }
        return true
    }

    /// When ``rankBlocks(_:phrases:ranking:rank:)`` stops reading blocks one at a time and
    /// reads the matches left in one pass.
    enum BlockVisits {
        /// Fewer matches a block read, and the statements cost more than the rows.
        static let matchesPerBlock = 32
        /// After this many blocks, if half the blocks left still reach the page's worst
        /// score, few will be left out. At 1,000,000 paragraphs, each query sent in turn to
        /// daemons trying 8 and 24 blocks: the 200 latency queries took 1,418 and 1,295 ms
        /// (`"de la"` 41 → 8 ms, `quelques` 25 → 3 ms: their page's worst score rises late),
        /// the same pages; 64 blocks took more than 24 (571 against 462 ms for the slowest 24).
        static let trial = 24
        /// At most this many statements.
        static let most = 256
    }

    /// How many rows match `match` (with the query's filters), counting at most `limit` (-1: all).
    private static func countMatches(
        _ match: String, join: String, filters: String, arguments: StatementArguments, limit: Int, _ db: Database
    ) throws -> Int {
        let count = try db.cachedStatement(sql: """
            SELECT count(*) FROM (SELECT 1 FROM documents_fts\(join) WHERE documents_fts MATCH ?\(filters) LIMIT ?)
            """)
        return try Int.fetchOne(count, arguments: [match] + arguments + [limit]) ?? 0
    }

    /// The hits `from` on (at most `limit`) with their documents' rows and snippets: only the
    /// page's documents are read.
    func page(of ranked: [Ranking.Hit], from first: Int, limit: Int, _ db: Database) throws -> [RankedHit] {
        let document = try DirectStatement(statement: db.cachedStatement(sql: """
            SELECT \(StoredPath.expression), title, word_marks, page_starts, page_labels, part, title_bytes
            FROM documents d WHERE id = ?
            """), db: db)
        let bodies = BodyBlob(db)
        defer { bodies.close() }
        return try ranked.dropFirst(first).prefix(limit).compactMap { hit -> RankedHit? in
            guard let row = try document.firstRow(binding: hit.id, DocumentRow.init) else { return nil }
            let body = bodies.move(to: hit.id) ? StoredText(stored: bodies) : nil
            let title = StoredTitle.title(row.title, prefixLength: row.titleLength, body: { body }) ?? ""
            let (snippet, highlights, matchOffset) = body.map { SnippetBuilder.snippet(of: $0, matches: hit.matches, marks: row.marks) } ?? ("", [], nil)
            // No page for a match in the title alone (no highlight in the body's snippet).
            let page = matchOffset.flatMap { row.pages?.page(at: $0) }
            return RankedHit(path: row.path, part: row.part, title: title, score: hit.score, snippet: snippet,
                             highlights: highlights, page: page?.number, pageLabel: page?.label, matchOffset: matchOffset)
        }
    }

    /// What a hit shows of its document's row (`SELECT` its path, `title, word_marks, page_starts,
    /// page_labels, part, title_bytes`), read in place (``DirectRow``).
    private struct DocumentRow {
        var path: String
        /// `nil` for the file's own document.
        var part: String?
        /// The stored title: the title unless ``titleLength`` says where it is in the body.
        var title: String
        var titleLength: Int?
        var marks: WordMarks
        /// `nil` for a document without pages.
        var pages: PageStarts?

        init(_ row: DirectRow) {
            path = row.text(0)
            title = row.text(1)
            marks = WordMarks(encoded: row.blob(2)) ?? WordMarks(offsets: [])
            pages = row.blobIfAny(3).flatMap { PageStarts(encoded: $0, labels: row.textIfAny(4)) }
            let part = row.text(5)
            self.part = part.isEmpty ? nil : part
            titleLength = row.integerIfAny(6).map(Int.init)
        }
    }

    /// A document's date in SQL: its metadata date, else its file's modification time.
    private static let documentDate = "coalesce(d.date, d.mtime)"

    /// SQL conditions (each starting with ` AND `) for the query's filters, with their arguments.
    private static func filters(for query: UserQuery) -> (String, StatementArguments) {
        var sql = ""
        var arguments: StatementArguments = []
        for fragment in query.pathFragments {
            sql += " AND \(StoredPath.expression) LIKE ? ESCAPE '\\'"
            arguments += ["%" + likeEscaped(fragment) + "%"]
        }
        if !query.extensions.isEmpty {
            // `ext:pdf` finds a PDF wherever it is: a file whose name ends in `.pdf`, and a
            // document inside a file (a mail's attachment) whose own name, or that of an
            // attachment holding it, ends so (a part names its attachments, `/` between them:
            // `2/rapport.pdf`, `1/transfert.eml/1/annexe.odt`). A part matches its file's
            // extension too: `ext:eml` finds a mail's attachments with the mail.
            let oneExtension = "d.name LIKE ? ESCAPE '\\' OR d.part LIKE ? ESCAPE '\\' OR d.part LIKE ? ESCAPE '\\'"
            sql += " AND (" + query.extensions.map { _ in oneExtension }.joined(separator: " OR ") + ")"
            for name in query.extensions {
                let ending = "%." + likeEscaped(name)
                arguments += [ending, ending, ending + "/%"]
            }
        }
        if let after = query.modifiedAfter {
            sql += " AND \(documentDate) >= ?"
            arguments += [after]
        }
        if let before = query.modifiedBefore {
            sql += " AND \(documentDate) <= ?"
            arguments += [before]
        }
        return (sql, arguments)
    }

    private static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// A limit outside 1…``maximumLimit`` or an offset outside 0…``maximumOffset``.
    public struct InvalidPage: Error, CustomStringConvertible, Sendable {
        public var limit: Int
        public var offset: Int
        public var description: String {
            "limit must be between 1 and \(SearchIndex.maximumLimit) and offset between 0 and \(SearchIndex.maximumOffset) (got limit \(limit), offset \(offset))"
        }
    }
}
