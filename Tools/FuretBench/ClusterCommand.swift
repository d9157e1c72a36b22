import Foundation
import FuretTestSupport
import Glibc

/// `furet-bench cluster`: the FTS5 engine on one node beside furetd's router over Xapian
/// shards (issue 20), in one run: indexing throughput and search latency over the socket.
///
/// For each corpus (the folders of `--corpora`, then the growth corpora of `--growth-sizes`,
/// made or reused as ``GrowthCorpus`` does), and for each engine in turn — FTS5 on an empty
/// index, then a fresh cluster of each count of `--shards` (``LocalCluster``: shards on
/// 127.0.0.1 started with `Tools/cluster`) with `furetd --shards` routing to it — a fresh
/// furetd indexes the corpus (``IndexBuild``), one client sends the corpus's latency queries
/// (top 10 with snippets, ``LatencyResult``), the daemon stops and the index or shards are
/// deleted.
///
/// With `--without-fts5`, only the clusters are measured: the FTS5 engine's figures at a
/// size are kept from a run of their own (the `growth` section), when a cluster run at 1M
/// documents needs all the time there is.
///
/// With `--budget-seconds`, a growth corpus is skipped for an engine when the time that
/// engine is predicted to take on it (extrapolated from its earlier growth sizes as
/// ``GrowthCommand/predictSeconds(for:from:)`` does, or before any from the largest real
/// corpus, linearly) exceeds what is left of the budget.
struct ClusterCommand {
    let furetd: String
    /// Where the index and a router's state (in a folder of each run's own, while measured)
    /// and the daemons' logs go.
    let directory: String
    let corpora: [String]
    /// One file per corpus of ``corpora``, in order.
    let queryFiles: [String]
    let growthSource: String?
    let growthDirectory: String
    let growthSizes: [Int]
    let growthQueryFile: String?
    let shardCounts: [Int]
    let measuresFTS5: Bool
    let runs: Int
    /// 0: no limit.
    let budgetSeconds: Int
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments,
            values: ["--furetd", "--dir", "--corpora", "--queries", "--growth-source", "--growth-dir",
                     "--growth-sizes", "--growth-queries", "--shards", "--runs", "--budget-seconds", "--json"],
            flags: ["--without-fts5"])
        furetd = try options.required("--furetd")
        directory = try options.required("--dir")
        corpora = options.list("--corpora") ?? []
        queryFiles = options.list("--queries") ?? []
        guard corpora.count == queryFiles.count else {
            throw .usage("--queries needs one file per folder of --corpora, in the same order")
        }
        growthSource = options.value("--growth-source")
        growthDirectory = options.value("--growth-dir") ?? directory + "/growth"
        growthSizes = try options.integers("--growth-sizes", default: [], minimum: 1).sorted()
        growthQueryFile = options.value("--growth-queries")
        guard growthSizes.isEmpty || (growthSource != nil && growthQueryFile != nil) else {
            throw .usage("--growth-sizes needs --growth-source and --growth-queries")
        }
        guard !corpora.isEmpty || !growthSizes.isEmpty else { throw .usage("--corpora or --growth-sizes is required") }
        shardCounts = try options.integers("--shards", default: [1, 3], minimum: 1)
        measuresFTS5 = !options.isSet("--without-fts5")
        runs = try options.integer("--runs", default: 3, minimum: 1)
        budgetSeconds = try options.integer("--budget-seconds", default: 0)
        jsonPath = options.value("--json")
    }

    /// The engines measured on each corpus: FTS5 (`nil`) unless left out, then each shard count.
    private var engines: [Int?] { (measuresFTS5 ? [nil] : []) + shardCounts.map { $0 } }

    func run() throws {
        let start = ContinuousClock.now
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // furetd serves only in a folder of the user's alone; it creates this one 0700.
        let socketPath = FileManager.default.temporaryDirectory.appendingPathComponent("furet-bench-cluster-\(getpid())/furetd.sock").path
        var report = ClusterReport(shardCounts: shardCounts, budgetSeconds: budgetSeconds, runs: [], skipped: [])
        for (folder, queryFile) in zip(corpora, queryFiles) {
            let name = URL(fileURLWithPath: folder).lastPathComponent
            let queries = try QueryLoad.readQueries([queryFile])
            for shards in engines {
                report.runs.append(try measure(
                    name, folder: folder, isGrowth: false, queries: queries, queryFile: queryFile, shards: shards, socketPath: socketPath))
            }
        }
        if let growthSource, let growthQueryFile, !growthSizes.isEmpty {
            try FileManager.default.createDirectory(atPath: growthDirectory, withIntermediateDirectories: true)
            let corpus = try GrowthCorpus(source: growthSource, directory: growthDirectory)
            let queries = try QueryLoad.readQueries([growthQueryFile])
            for size in growthSizes {
                let folder = try corpus.folder(size: size).path
                for shards in engines {
                    let predicted = GrowthCommand.predictSeconds(for: size, from: Self.earlier(shards, in: report))
                    let left = Double(budgetSeconds) - (ContinuousClock.now - start).seconds
                    if budgetSeconds > 0, let predicted, predicted > left {
                        Console.report("skipping \(ClusterReport.engineName(shards)) on \(Format.count(size)) documents: predicted "
                            + "\(Format.fixed(predicted / 60, 1)) min, \(Format.fixed(max(left, 0) / 60, 1)) min left of the budget")
                        report.skipped.append(.init(shards: shards, size: .init(documents: size, predictedSeconds: predicted, secondsLeft: left)))
                        continue
                    }
                    var run = try measure("growth \(Format.count(size))", folder: folder, isGrowth: true, queries: queries,
                                          queryFile: growthQueryFile, shards: shards, socketPath: socketPath)
                    run.measured.predictedSeconds = predicted
                    report.runs.append(run)
                }
            }
        }
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: ClusterReport.section, in: jsonPath)
        }
    }

    /// What predicts an engine's time on a growth corpus: its earlier growth corpora, or
    /// before any, the largest real corpus it indexed (its time taken as linear in documents).
    private static func earlier(_ shards: Int?, in report: ClusterReport) -> [GrowthReport.Size] {
        let runs = report.runs.filter { $0.shards == shards }
        let growth = runs.filter(\.isGrowth)
        if !growth.isEmpty { return growth.map(\.measured) }
        return runs.map(\.measured).max { $0.documents < $1.documents }.map { [$0] } ?? []
    }

    /// Indexes `folder` with a fresh furetd on FTS5 (`shards == nil`) or routing to a fresh
    /// cluster of `shards` shards, searches it with one client, then stops and deletes both.
    private func measure(
        _ corpus: String, folder: String, isGrowth: Bool, queries: [String], queryFile: String, shards: Int?, socketPath: String
    ) throws -> ClusterReport.Run {
        let start = ContinuousClock.now
        let cluster = try shards.map { try LocalCluster(shards: $0) }
        defer { cluster?.stop() }
        let label = shards.map { "xapian-\($0)" } ?? "fts5"
        // A router keeps its state beside the index path (`router-state.sqlite`): the run's
        // own folder, removed with it, so that no run finds an earlier run's stamps.
        let indexFolder = directory + "/index-" + label
        try? FileManager.default.removeItem(atPath: indexFolder)
        try FileManager.default.createDirectory(atPath: indexFolder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: indexFolder) }
        let indexPath = indexFolder + "/fts5.sqlite"
        let configuration = DaemonProcess.Configuration(
            executable: furetd, socketPath: socketPath, indexPath: indexPath,
            logPath: "\(directory)/\(corpus.replacingOccurrences(of: " ", with: "-"))-\(label).log", shards: cluster?.shardList)
        Console.report("\(corpus): indexing \(folder) with a fresh furetd, \(ClusterReport.engineName(shards))…")
        let (daemon, build) = try IndexBuild.run(configuration, roots: [folder], timeout: .seconds(4 * 3600))
        Console.report("\(Format.count(build.documents)) documents in \(Format.fixed(build.seconds, 1)) s "
            + "(\(Format.fixed(build.megabytesPerSecond, 2)) MB/s)")
        let latency = try LatencyResult.measure(
            QueryLoad(socketPath: socketPath, queries: queries, limit: 10),
            queryFiles: [queryFile], clientCounts: [1], warmupPasses: 1, runs: runs)
        try daemon.shutdown(timeout: .seconds(600))
        let measured = GrowthReport.Size(
            documents: build.documents, generationSeconds: nil, build: build,
            closedIndexBytes: cluster?.databaseBytes ?? DatabaseFiles.bytes(indexPath), latency: latency,
            totalSeconds: (ContinuousClock.now - start).seconds, predictedSeconds: nil)
        return ClusterReport.Run(corpus: corpus, isGrowth: isGrowth, shards: shards, measured: measured)
    }
}

/// The `cluster` section.
struct ClusterReport: BenchSection {
    static let section = "cluster"

    var shardCounts: [Int]
    var budgetSeconds: Int
    var runs: [Run]
    var skipped: [Skipped]

    /// One engine on one corpus: the FTS5 engine on one node when ``shards`` is `nil`. The
    /// measures are the growth section's (the index once the daemon has stopped: the closed
    /// FTS5 index, or the shards' databases; the total time includes starting the shards).
    struct Run: Codable {
        var corpus: String
        var isGrowth: Bool
        var shards: Int?
        var measured: GrowthReport.Size
    }

    /// A growth corpus left out for one engine.
    struct Skipped: Codable {
        var shards: Int?
        var size: GrowthReport.Skipped
    }

    static func engineName(_ shards: Int?) -> String {
        guard let shards else { return "FTS5, one node" }
        return "Xapian, \(shards) shard\(shards == 1 ? "" : "s")"
    }

    var markdown: String {
        var table = MarkdownTable(header: [
            "corpus", "engine", "documents", "text", "index time", "MB/s", "stored / text",
            "p50 ms", "p95 ms", "p99 ms", "queries > 50 ms", "errors", "load before searching", "total (predicted)",
        ])
        for run in runs {
            let (build, latency) = (run.measured.build, run.measured.latency)
            let level = latency.level(1)
            table.append([
                run.corpus, Self.engineName(run.shards), Format.count(build.documents), Format.megabytes(build.textBytes),
                Format.fixed(build.seconds, 1) + " s", Format.fixed(build.megabytesPerSecond, 2),
                Format.fixed(Double(run.measured.closedIndexBytes) / Double(max(build.textBytes, 1)), 2),
                level.map { Format.spread($0.p50Ms, 2) } ?? "—", level.map { Format.spread($0.p95Ms, 2) } ?? "—",
                level.map { Format.spread($0.p99Ms, 2) } ?? "—", level.map { Format.spread($0.over50Ms, 0) } ?? "—",
                level.map { "\($0.errors)" } ?? "—", latency.loadAverageBefore,
                Format.fixed(run.measured.totalSeconds / 60, 1) + " min"
                    + (run.measured.predictedSeconds.map { " (" + Format.fixed($0 / 60, 1) + ")" } ?? ""),
            ])
        }
        for skipped in skipped {
            table.append(["growth \(Format.count(skipped.size.documents))", Self.engineName(skipped.shards), "—", "—", "skipped",
                          "—", "—", "—", "—", "—", "—", "—", "—", "— (" + Format.fixed(skipped.size.predictedSeconds / 60, 1) + ")"])
        }
        var lines = [
            "## Cluster: FTS5 on one node against Xapian shards through furetd's router", "",
            "Each engine indexes each corpus with a fresh `furetd` from empty: the FTS5 engine, then `furetd --shards` "
                + "routing to \(shardCounts.map { "\($0)" }.joined(separator: " and ")) `xapian-tcpsrv --writable` shard(s) "
                + "on 127.0.0.1 started by `Tools/cluster` (timed from the daemon's launch until `pending == 0`; stored: the "
                + "closed FTS5 index, or the shards' databases once the daemon has stopped). Then one client searches it: "
                + (runs.first.map { $0.measured.latency.method } ?? "") + " The load average is read again before each engine's searches.", "",
            table.rendered,
        ]
        if !skipped.isEmpty {
            lines += ["", "Skipped: the engine's predicted time on that growth corpus (extrapolated from its earlier sizes "
                + "as t ∝ n^k, or from the largest real corpus linearly) exceeded what was left of the bench's time budget (\(Format.fixed(Double(budgetSeconds) / 60, 0)) "
                + "min); run it with `FURET_BENCH_MINUTES=0`."]
        }
        return lines.joined(separator: "\n")
    }
}
