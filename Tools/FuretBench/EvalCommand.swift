import Foundation
import FuretCluster
import FuretDocuments
import FuretIndex

/// `furet-bench eval`: known-item search quality on whole corpora.
///
/// For each corpus named in the query set, indexes `<corpora>/<corpus>` (or reuses the index
/// of an earlier run, see ``CorpusIndex``), runs every query with a limit of 10 hits and finds
/// the rank of its target. Prints recall@10 and MRR@10 per variant kind, per corpus and
/// combined, as a Markdown table. A query the engine rejects counts as a miss and is listed.
///
/// With `--shards HOST:PORT,…` (e.g. from `Tools/cluster addresses DIR`), each corpus is
/// written through furetd's cluster router to those Xapian shards instead, and the queries
/// are searched there: the same table for the router. Either way, the indexing rate and the
/// queries' p50/p99 latency go to standard error.
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
    let shards: [ShardAddress]?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments,
            values: ["--corpora", "--queries", "--index-dir", "--corpus", "--kinds", "--failures", "--json", "--scoring", "--shards"],
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
        do {
            shards = try options.value("--shards").map(ShardAddress.list)
        } catch {
            throw BenchError.usage(String(describing: error))
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
        let router = try shards.map { try ClusterRouter(shards: $0) }
        for corpus in queries.map(\.corpus).uniqued() {
            let root = corporaDirectory + "/" + corpus
            let selected = queries.filter { $0.corpus == corpus }
            if let router {
                let marker = try Self.write(root: root, through: router)
                evaluations.append(try evaluate(selected, root: marker.root, marker: marker, isNew: true) { query, limit in
                    try router.search(query, limit: limit).results
                })
            } else {
                let index = try await CorpusIndex.open(root: root, at: indexDirectory + "/" + corpus + ".sqlite", rebuild: rebuild)
                evaluations.append(try evaluate(selected, root: index.marker.root, marker: index.marker, isNew: index.isNew) { query, limit in
                    try index.index.search(query, limit: limit, scoring: scoring)
                })
            }
        }
        let report = EvalReport(queriesFile: queriesPath, corpora: evaluations)
        print(report.markdown(failuresPerKind: failuresPerKind))
        if let jsonPath {
            try report.write(toJSON: jsonPath)
        }
    }

    /// Writes the files of the corpus at `root` to the cluster, 64 per call (one commit per
    /// shard each), as `furetd --shards` does; what a local build's marker records.
    private static func write(root: String, through router: ClusterRouter) throws -> CorpusIndex.Marker {
        guard let resolvedRoot = FileSystem.resolve(root), FileSystem.isDirectory(resolvedRoot) else {
            throw BenchError.badInput(path: root, reason: "no such corpus folder")
        }
        let reader = DocumentReader()
        let files = FileSystem.scan(resolvedRoot).filter { reader.supports($0.path) }
        Console.report("writing \(resolvedRoot) to \(router.shards.count) shards…")
        let clock = ContinuousClock()
        let start = clock.now
        for batch in stride(from: 0, to: files.count, by: 64).map({ files[$0..<min($0 + 64, files.count)] }) {
            let documents = try batch.map { IndexedDocument(try reader.read($0.path, stamp: $0.stamp)) }
            let waiting = router.write(documents)
            guard waiting.isEmpty else { throw BenchError.nothingMeasured("shards \(waiting) are unreachable") }
        }
        let seconds = (clock.now - start).seconds
        let bytes = files.reduce(0) { $0 + $1.stamp.size }
        let documents = router.status().reduce(0) { $0 + ($1.documents ?? 0) }
        Console.report("wrote \(Format.count(documents)) documents in \(Format.fixed(seconds, 1)) s: "
            + "\(Format.fixed(Double(bytes) / 1_048_576 / seconds, 2)) MB/s")
        return CorpusIndex.Marker(root: resolvedRoot, builder: "cluster \(router.shards)", documents: documents,
                                  buildSeconds: seconds, indexBytes: 0)
    }

    /// Runs `queries`, all of one corpus, with `search`; reports their latency.
    private func evaluate(
        _ queries: [KnownItemQuery], root: String, marker: CorpusIndex.Marker, isNew: Bool,
        search: (String, Int) throws -> RankedResults
    ) throws -> CorpusEvaluation {
        let clock = ContinuousClock()
        let start = clock.now
        var outcomes: [QueryOutcome] = []
        var latencies: [Double] = []
        for query in queries {
            do {
                let queryStart = clock.now
                let results = try search(query.query, 10)
                latencies.append((clock.now - queryStart).seconds * 1_000)
                var outcome = QueryOutcome(
                    query: query,
                    rank: Self.rank(of: query, in: results),
                    matches: results.total,
                    firstHit: results.hits.first.map { Self.relative($0.path, to: root) })
                if outcome.rank == nil, results.total > 10 {
                    outcome.deepRank = Self.rank(of: query, in: try search(query.query, SearchIndex.maximumLimit))
                }
                outcomes.append(outcome)
            } catch {
                outcomes.append(QueryOutcome(query: query, error: String(describing: error)))
            }
        }
        latencies.sort()
        if !latencies.isEmpty {
            let percentile = { (share: Double) in latencies[min(latencies.count - 1, Int(Double(latencies.count) * share))] }
            Console.report("\(queries[0].corpus): \(latencies.count) searches (limit 10), p50 \(Format.fixed(percentile(0.5), 2)) ms, "
                + "p99 \(Format.fixed(percentile(0.99), 2)) ms")
        }
        return CorpusEvaluation(
            name: queries[0].corpus, index: marker, isNewIndex: isNew,
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
