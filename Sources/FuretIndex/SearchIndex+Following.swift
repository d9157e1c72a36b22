import Foundation
import GRDB

extension SearchIndex {
    /// The time one standing query's evaluation of a write may take.
    static let standingQuerySeconds = 5.0

    /// Opens a standing query: from now on, after each write commits, the documents it added
    /// or changed are searched with `text`, and those it newly matches (new documents that
    /// match, changed ones that did not match before the write) go to `deliver`, in the
    /// order written. Renames, removals and unchanged files match nothing new.
    ///
    /// The evaluation is limited to the write's documents, so it costs in proportion to the
    /// write, whatever the index's size; and a write whose documents hold none of the query's
    /// tokens (``TermTriggers``) is not searched with it at all.
    /// - Throws: as ``search(_:limit:offset:deadline:)`` for a query it cannot search.
    public func follow(_ text: String, deliver: @escaping @Sendable ([StandingQuery.Match]) -> Void) throws -> StandingQuery {
        let bytes = text.utf8.count
        guard bytes <= QueryCost.maximumBytes else { throw QueryCostError.tooLong(bytes: bytes, maximum: QueryCost.maximumBytes) }
        let query = try QueryParser.parse(text)
        try QueryCost.check(query)
        let (compiled, clauses) = try analyzers.withAnalyzer { analyzer in
            let compiler = QueryCompiler(analyzer: analyzer, accents: accents)
            let compiled = try Self.withinCost(compiler.compile(query))
            // A document matching the query holds a token of each required clause.
            let clauses = query.clauses.filter { !$0.isExcluded }.compactMap { clause in
                (try? compiler.compile(UserQuery(clauses: [clause]))).flatMap(TermTriggers.tokens(of:))
            }
            return (compiled, clauses)
        }
        let triggers = try writer.read { db in try Self.rarest(clauses, db) } ?? TermTriggers.tokens(of: compiled)
        let standing = StandingQuery(text: text, query: query, compiled: compiled, triggers: triggers, deliver: deliver)
        standingQueries.add(standing)
        return standing
    }

    /// The tokens of the clause that the fewest documents hold, so that the query is
    /// evaluated after the fewest writes: `affaire Dupont` waits for `dupont` alone. A
    /// prefix's documents are not counted: a clause with one is taken last.
    private static func rarest(_ clauses: [TermTriggers.Tokens], _ db: Database) throws -> TermTriggers.Tokens? {
        guard clauses.count > 1 else { return clauses.first }
        let counts = try documentCounts(of: clauses.flatMap { $0.exact.map { String(decoding: $0, as: UTF8.self) } }, db)
        func held(_ clause: TermTriggers.Tokens) -> (hasPrefix: Int, documents: Int64) {
            (clause.prefixes.isEmpty ? 0 : 1, clause.exact.reduce(0) { $0 + counts[String(decoding: $1, as: UTF8.self), default: 0] })
        }
        return clauses.min { held($0) < held($1) }
    }

    /// Closes a standing query: it is evaluated no more.
    public func unfollow(_ query: StandingQuery) {
        standingQueries.remove(query)
    }

    /// A document a write added or changed.
    struct WrittenDocument {
        var id: Int64
        var isNew: Bool
    }

    /// The documents among `paths` each query matches, before a write changes them: what
    /// tells a changed document that newly matches from one that matched already.
    func matchedBefore(_ queries: [StandingQuery], paths: [String]) async -> [ObjectIdentifier: Set<Int64>] {
        do {
            return try await writer.read { db in
                let file = try db.cachedStatement(sql: "SELECT id FROM documents WHERE \(StoredPath.file)")
                let ids = try Set(paths).flatMap { try Int64.fetchAll(file, arguments: StoredPath($0).arguments) }
                guard !ids.isEmpty else { return [:] }
                let among = RankedAmong(ids: ids, documentCounts: [])
                var matched: [ObjectIdentifier: Set<Int64>] = [:]
                for query in queries {
                    guard let ranked = try self.rank(query, among: among, keep: ids.count, db) else { continue }
                    matched[ObjectIdentifier(query)] = Set(ranked.hits.map(\.id))
                }
                return matched
            }
        } catch {
            logger.warning("standing queries could not be evaluated before a write", metadata: ["error": "\(error)"])
            return [:]
        }
    }

    /// Hands each query the documents of `written` it matches and did not match before.
    func percolate(_ queries: [StandingQuery], written: [WrittenDocument], matchedBefore: [ObjectIdentifier: Set<Int64>]) async {
        guard !written.isEmpty, !queries.isEmpty else { return }
        let ids = written.map(\.id)
        let order = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let new = Set(written.filter(\.isNew).map(\.id))
        let among = RankedAmong(ids: ids, documentCounts: [])
        do {
            let found = try await writer.read { db in
                try queries.map { query -> (StandingQuery, [StandingQuery.Match]) in
                    guard let ranked = try self.rank(query, among: among, keep: ids.count, db) else { return (query, []) }
                    let before = matchedBefore[ObjectIdentifier(query)] ?? []
                    let newly = ranked.hits.filter { !before.contains($0.id) }.sorted { order[$0.id, default: 0] < order[$1.id, default: 0] }
                    let hits = try self.page(of: newly, from: 0, limit: newly.count, db)
                    return (query, zip(newly, hits).map { StandingQuery.Match(isNew: new.contains($0.id), hit: $1) })
                }
            }
            for (query, matches) in found where !matches.isEmpty { query.deliver(matches) }
        } catch {
            logger.warning("standing queries could not be evaluated after a write", metadata: ["error": "\(error)"])
        }
    }

    /// `query` ranked among the documents of `among` (built once per write: its id list is
    /// the same for every query); `nil` when its time ran out (logged: that write is not
    /// reported to it).
    private func rank(_ query: StandingQuery, among: RankedAmong, keep: Int, _ db: Database) throws -> RankedMatches? {
        let searchGuard = try SearchGuard(SearchDeadline(seconds: Self.standingQuerySeconds))
        searchGuard.attach(to: db)
        defer { searchGuard.detach(from: db) }
        var among = among
        among.documentCounts = query.knownCounts
        do {
            let ranked = try searchGuard.reportingInterruption {
                try rank(query.compiled, of: query.query, keep: keep, asOf: phraseCounts.generation,
                         among: among, guard: searchGuard, db)
            }
            query.remember(counts: ranked.documentCounts)
            return ranked
        } catch let error as SearchInterruption {
            logger.warning("a standing query ran out of time on a write", metadata: ["reason": "\(error)"])
            return nil
        }
    }
}
