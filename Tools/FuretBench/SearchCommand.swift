import Foundation
import FuretIndex

/// `furet-bench search`: in-process search latency on an existing index, snippets included —
/// the engine alone, without the socket and JSON of `latency`.
///
/// Opens the index read-only in spirit (it only searches; a running daemon may share it), runs
/// the whole query list `--warmup` times, then `--runs` times, each query timed on its own.
struct SearchCommand {
    let indexPath: String
    let queryFiles: [String]
    let warmupPasses: Int
    let runs: Int
    let limit: Int
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--index", "--queries", "--warmup", "--runs", "--limit", "--json"], flags: [])
        indexPath = try options.required("--index")
        queryFiles = try options.requiredList("--queries")
        warmupPasses = try options.integer("--warmup", default: 1)
        runs = try options.integer("--runs", default: 3, minimum: 1)
        limit = try options.integer("--limit", default: 10, minimum: 1)
        jsonPath = options.value("--json")
    }

    func run() throws {
        let queries = try QueryLoad.readQueries(queryFiles)
        let index = try SearchIndex(path: indexPath)
        let clock = ContinuousClock()
        // Every query must work: a search that fails fast would flatter the figures.
        for _ in 0..<warmupPasses {
            for query in queries { _ = try index.search(query, limit: limit) }
        }
        let samePages = try Self.checkBoundedScoring(queries, limit: limit, index)
        var summaries: [LatencySummary] = []
        var fullSummaries: [LatencySummary] = []
        for run in 1...runs {
            // Each query with bounded scoring (what searches do) and with full scoring, back to
            // back, in turn first: the load of the moment and warm caches favour neither.
            var latencies: [Duration] = []
            var fullLatencies: [Duration] = []
            for (number, query) in queries.enumerated() {
                for scoring in number % 2 == 0 ? [ScoringMode.bounded, .full] : [.full, .bounded] {
                    let start = clock.now
                    _ = try index.search(query, limit: limit, scoring: scoring)
                    let latency = clock.now - start
                    if scoring == .bounded { latencies.append(latency) } else { fullLatencies.append(latency) }
                }
            }
            let summary = LatencySummary(latencies)
            let full = LatencySummary(fullLatencies)
            Console.report("run \(run)/\(runs): p50 \(Format.fixed(summary.p50Ms, 2)) ms, p99 \(Format.fixed(summary.p99Ms, 2)) ms; "
                           + "full scoring p50 \(Format.fixed(full.p50Ms, 2)) ms, p99 \(Format.fixed(full.p99Ms, 2)) ms")
            summaries.append(summary)
            fullSummaries.append(full)
        }
        let report = InProcessSearchReport(
            queryFiles: queryFiles, queries: queries.count, limit: limit, runs: runs, boundedSamePages: samePages,
            p50Ms: Spread(summaries.map(\.p50Ms)), p95Ms: Spread(summaries.map(\.p95Ms)), p99Ms: Spread(summaries.map(\.p99Ms)),
            maxMs: Spread(summaries.map(\.maxMs)), over50Ms: Spread(summaries.map { Double($0.over50Ms) }),
            fullScoring: .init(p50Ms: Spread(fullSummaries.map(\.p50Ms)), p95Ms: Spread(fullSummaries.map(\.p95Ms)),
                               p99Ms: Spread(fullSummaries.map(\.p99Ms)), maxMs: Spread(fullSummaries.map(\.maxMs)),
                               over50Ms: Spread(fullSummaries.map { Double($0.over50Ms) })))
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: InProcessSearchReport.section, in: jsonPath)
        }
    }

    /// Checks that bounded scoring (what searches do) gives each query the page full scoring
    /// gives: the same documents in the same order, scores equal within rounding; returns how
    /// many pages were compared.
    /// - Throws: `BenchError` naming the first query whose pages differ.
    static func checkBoundedScoring(_ queries: [String], limit: Int, _ index: SearchIndex) throws -> Int {
        for query in queries {
            let full = try index.search(query, limit: limit, scoring: .full)
            let bounded = try index.search(query, limit: limit, scoring: .bounded)
            let same = full.hits.count == bounded.hits.count && zip(full.hits, bounded.hits).allSatisfy { full, bounded in
                full.path == bounded.path && full.part == bounded.part && full.snippet == bounded.snippet
                    && abs(full.score - bounded.score) <= 1e-9 * max(1, abs(full.score))
            }
            guard same, full.totalIsLowerBound || full.total == bounded.total else {
                throw BenchError.boundedScoringDiffers(query: query)
            }
        }
        return queries.count
    }
}

/// The `search_in_process` section: percentiles of in-process search latency over the runs.
struct InProcessSearchReport: BenchSection {
    static let section = "search_in_process"

    var queryFiles: [String]
    var queries: Int
    var limit: Int
    var runs: Int
    /// Queries whose page with bounded scoring was checked equal to full scoring's.
    var boundedSamePages: Int
    var p50Ms: Spread
    var p95Ms: Spread
    var p99Ms: Spread
    var maxMs: Spread
    var over50Ms: Spread
    /// The same queries with every match scored, each timed right after its bounded search.
    var fullScoring: Percentiles

    struct Percentiles: Codable {
        var p50Ms: Spread
        var p95Ms: Spread
        var p99Ms: Spread
        var maxMs: Spread
        var over50Ms: Spread
    }

    var markdown: String {
        var table = MarkdownTable(header: ["scoring", "p50 ms", "p95 ms", "p99 ms", "max ms", "queries > 50 ms"])
        table.append(["bounded", Format.spread(p50Ms, 2), Format.spread(p95Ms, 2), Format.spread(p99Ms, 2), Format.spread(maxMs, 1),
                      Format.spread(over50Ms, 0)])
        let full = fullScoring
        table.append(["full", Format.spread(full.p50Ms, 2), Format.spread(full.p95Ms, 2), Format.spread(full.p99Ms, 2),
                      Format.spread(full.maxMs, 1), Format.spread(full.over50Ms, 0)])
        return """
            ## Search latency in process

            \(queries) queries (\(queryFiles.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))), \
            `SearchIndex.search` with limit \(limit) (snippets included) on the daemon's index, one at a time \
            on one thread after a warm-up pass, each query with bounded scoring (what searches do) and with \
            every match scored, back to back, each first in turn; median (min–max) over \(runs) runs. Bounded scoring gave \
            each of the \(boundedSamePages) queries the page of full scoring (same documents, order and snippets; \
            scores within 1e-9).

            \(table.rendered)

            """
    }
}
