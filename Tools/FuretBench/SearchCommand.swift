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
        var summaries: [LatencySummary] = []
        for run in 1...runs {
            var latencies: [Duration] = []
            for query in queries {
                let start = clock.now
                _ = try index.search(query, limit: limit)
                latencies.append(clock.now - start)
            }
            let summary = LatencySummary(latencies)
            Console.report("run \(run)/\(runs): p50 \(Format.fixed(summary.p50Ms, 2)) ms, p99 \(Format.fixed(summary.p99Ms, 2)) ms")
            summaries.append(summary)
        }
        let report = InProcessSearchReport(
            queryFiles: queryFiles, queries: queries.count, limit: limit, runs: runs,
            p50Ms: Spread(summaries.map(\.p50Ms)), p99Ms: Spread(summaries.map(\.p99Ms)),
            maxMs: Spread(summaries.map(\.maxMs)))
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: InProcessSearchReport.section, in: jsonPath)
        }
    }
}

/// The `search_in_process` section: percentiles of in-process search latency over the runs.
struct InProcessSearchReport: BenchSection {
    static let section = "search_in_process"

    var queryFiles: [String]
    var queries: Int
    var limit: Int
    var runs: Int
    var p50Ms: Spread
    var p99Ms: Spread
    var maxMs: Spread

    var markdown: String {
        var table = MarkdownTable(header: ["p50 ms", "p99 ms", "max ms"])
        table.append([Format.spread(p50Ms, 2), Format.spread(p99Ms, 2), Format.spread(maxMs, 1)])
        return """
            ## Search latency in process

            \(queries) queries (\(queryFiles.map { ($0 as NSString).lastPathComponent }.joined(separator: ", "))), \
            `SearchIndex.search` with limit \(limit) (snippets included) on the daemon's index, one at a time \
            on one thread after a warm-up pass; median (min–max) over \(runs) runs.

            \(table.rendered)

            """
    }
}
