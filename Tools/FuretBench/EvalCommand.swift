import Foundation
import FuretIndex

/// `furet-bench eval`: known-item search quality on whole corpora.
///
/// For each corpus named in the query set, indexes `<corpora>/<corpus>` (or reuses the index
/// of an earlier run, see ``CorpusIndex``), runs every query with a limit of 10 hits and finds
/// the rank of its target. Prints recall@10 and MRR@10 per variant kind, per corpus and
/// combined, as a Markdown table. A query the engine rejects counts as a miss and is listed.
struct EvalCommand {
    let corporaDirectory: String
    let queriesPath: String
    let indexDirectory: String
    /// Only these corpora, or every corpus of the query set when `nil`.
    let corpusFilter: Set<String>?
    /// Only these variant kinds, or every kind when `nil`.
    let kindFilter: Set<String>?
    /// How many missed queries to list per corpus and kind.
    let failuresPerKind: Int
    let rebuild: Bool
    let jsonPath: String?
    /// `--scoring full` scores every match, as before bounded scoring: the same table is the
    /// check that bounding changed no page.
    let scoring: ScoringMode

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments,
            values: ["--corpora", "--queries", "--index-dir", "--corpus", "--kinds", "--failures", "--json", "--scoring"],
            flags: ["--rebuild"])
        corporaDirectory = try options.required("--corpora")
        queriesPath = try options.required("--queries")
        indexDirectory = options.value("--index-dir") ?? "Index/eval"
        corpusFilter = options.list("--corpus").map(Set.init)
        kindFilter = options.list("--kinds").map(Set.init)
        failuresPerKind = try options.integer("--failures", default: 0)
        rebuild = options.isSet("--rebuild")
        jsonPath = options.value("--json")
        switch options.value("--scoring") ?? "bounded" {
        case "bounded": scoring = .bounded
        case "full": scoring = .full
        case let other: throw .usage("--scoring is bounded or full, not \(other)")
        }
    }

    func run() async throws {
        let queries = try KnownItemQuery.load(queriesPath).filter { query in
            (corpusFilter?.contains(query.corpus) ?? true) && (kindFilter?.contains(query.kind) ?? true)
        }
        guard !queries.isEmpty else {
            throw BenchError.badInput(path: queriesPath, reason: "no query of the selected corpora and kinds")
        }
        var evaluations: [CorpusEvaluation] = []
        for corpus in queries.map(\.corpus).uniqued() {
            let index = try await CorpusIndex.open(
                root: corporaDirectory + "/" + corpus, at: indexDirectory + "/" + corpus + ".sqlite", rebuild: rebuild)
            evaluations.append(try await evaluate(queries.filter { $0.corpus == corpus }, in: index))
        }
        let report = EvalReport(queriesFile: queriesPath, corpora: evaluations)
        print(report.markdown(failuresPerKind: failuresPerKind))
        if let jsonPath {
            try report.write(toJSON: jsonPath)
        }
    }

    /// Runs `queries`, all of one corpus, on its index.
    private func evaluate(_ queries: [KnownItemQuery], in corpus: CorpusIndex) async throws -> CorpusEvaluation {
        let clock = ContinuousClock()
        let start = clock.now
        var outcomes: [QueryOutcome] = []
        for query in queries {
            do {
                let results = try corpus.index.search(query.query, limit: 10, scoring: scoring)
                var outcome = QueryOutcome(
                    query: query,
                    rank: Self.rank(of: query, in: results),
                    matches: results.total,
                    firstHit: results.hits.first.map { Self.relative($0.path, to: corpus.marker.root) })
                if outcome.rank == nil, results.total > 10 {
                    outcome.deepRank = Self.rank(
                        of: query, in: try corpus.index.search(query.query, limit: SearchIndex.maximumLimit, scoring: scoring))
                }
                outcomes.append(outcome)
            } catch {
                outcomes.append(QueryOutcome(query: query, error: String(describing: error)))
            }
        }
        return CorpusEvaluation(
            name: queries[0].corpus, index: corpus.marker, isNewIndex: corpus.isNew,
            querySeconds: (clock.now - start).seconds, outcomes: outcomes)
    }

    /// The 1-based rank of the query's target among `results`, if there.
    private static func rank(of query: KnownItemQuery, in results: RankedResults) -> Int? {
        results.hits.firstIndex { query.isTarget($0.path) }.map { $0 + 1 }
    }

    private static func relative(_ path: String, to root: String) -> String {
        path.hasPrefix(root + "/") ? String(path.dropFirst(root.count + 1)) : path
    }
}

/// What one query gave.
struct QueryOutcome: Encodable {
    var query: KnownItemQuery
    /// The target's rank (1-based) among the first 10 hits, `nil` when missed.
    var rank: Int?
    /// For a miss: the target's rank beyond the first 10 hits, among the first
    /// ``SearchIndex/maximumLimit``, if there.
    var deepRank: Int?
    /// How many documents matched in all.
    var matches = 0
    /// The first hit, relative to the corpus folder.
    var firstHit: String?
    /// Why the engine rejected the query.
    var error: String?
}

/// The queries of one corpus and what they gave.
struct CorpusEvaluation: Encodable {
    let name: String
    let index: CorpusIndex.Marker
    let isNewIndex: Bool
    let querySeconds: Double
    let outcomes: [QueryOutcome]
    let scores: KindScores

    init(name: String, index: CorpusIndex.Marker, isNewIndex: Bool, querySeconds: Double, outcomes: [QueryOutcome]) {
        self.name = name
        self.index = index
        self.isNewIndex = isNewIndex
        self.querySeconds = querySeconds
        self.outcomes = outcomes
        scores = outcomes.reduce(into: KindScores()) { $0.add(kind: $1.query.kind, rank: $1.rank) }
    }
}
