import Foundation
import FuretIndex
import Glibc

/// `furet-bench growth`: how indexing and search costs grow with the number of documents.
///
/// For each size of `--sizes`, in order: makes (or reuses) the derived corpus of that many
/// documents (see ``GrowthCorpus``), builds its index with a fresh furetd (see
/// ``IndexBuild``), measures search latency at one client (see ``LatencyResult``), then stops
/// the daemon and deletes the index.
///
/// With `--budget-seconds`, the sizes after the first two (which are always measured, to
/// extrapolate from) are skipped when their predicted time exceeds what is left of the
/// budget. The prediction extrapolates the total time of the last two sizes (making the
/// corpus when needed, indexing, searching) as `t ∝ n^k`, with `k` from those two sizes (at
/// least 1).
struct GrowthCommand {
    let furetd: String
    let source: String
    let directory: String
    let sizes: [Int]
    let queryFiles: [String]
    let runs: Int
    /// 0: no limit.
    let budgetSeconds: Int
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments,
            values: ["--furetd", "--source", "--dir", "--sizes", "--queries", "--runs", "--budget-seconds", "--json"],
            flags: [])
        furetd = try options.required("--furetd")
        source = try options.required("--source")
        directory = try options.required("--dir")
        sizes = try options.integers("--sizes", default: [10_000, 100_000, 1_000_000], minimum: 1)
        queryFiles = try options.requiredList("--queries")
        runs = try options.integer("--runs", default: 3, minimum: 1)
        budgetSeconds = try options.integer("--budget-seconds", default: 0)
        jsonPath = options.value("--json")
    }

    func run() throws {
        let start = ContinuousClock.now
        let queries = try QueryLoad.readQueries(queryFiles)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let corpus = try GrowthCorpus(source: source, directory: directory)
        // furetd serves only in a folder of the user's alone; it creates this one 0700.
        let socketPath = FileManager.default.temporaryDirectory.appendingPathComponent("furet-bench-growth-\(getpid())/furetd.sock").path
        var report = GrowthReport(
            source: source, paragraphs: corpus.paragraphs.count, budgetSeconds: budgetSeconds, sizes: [], skipped: [])
        for size in sizes.sorted() {
            let predicted = Self.predictSeconds(for: size, from: report.sizes)
            let left = Double(budgetSeconds) - (ContinuousClock.now - start).seconds
            if budgetSeconds > 0, report.sizes.count >= 2, let predicted, predicted > left {
                Console.report("skipping \(Format.count(size)) documents: predicted \(Format.fixed(predicted / 60, 1)) min, "
                    + "\(Format.fixed(max(left, 0) / 60, 1)) min left of the budget")
                report.skipped.append(.init(documents: size, predictedSeconds: predicted, secondsLeft: left))
                continue
            }
            report.sizes.append(try measure(size, corpus: corpus, queries: queries, socketPath: socketPath, predicted: predicted))
        }
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: GrowthReport.section, in: jsonPath)
        }
    }

    private func measure(
        _ size: Int, corpus: GrowthCorpus, queries: [String], socketPath: String, predicted: Double?
    ) throws -> GrowthReport.Size {
        let start = ContinuousClock.now
        let (folder, generationSeconds) = try corpus.folder(size: size)
        let indexPath = "\(directory)/\(size).sqlite"
        let configuration = DaemonProcess.Configuration(
            executable: furetd, socketPath: socketPath, indexPath: indexPath, logPath: "\(directory)/\(size).log")
        Console.report("indexing \(folder) with a fresh furetd…")
        let (daemon, build) = try IndexBuild.run(configuration, roots: [folder], timeout: .seconds(4 * 3600))
        defer { DatabaseFiles.remove(indexPath) }
        Console.report("\(Format.count(build.documents)) documents in \(Format.fixed(build.seconds, 1)) s")
        let latency = try LatencyResult.measure(
            QueryLoad(socketPath: socketPath, queries: queries, limit: 10),
            queryFiles: queryFiles, clientCounts: [1], warmupPasses: 1, runs: runs)
        try daemon.shutdown(timeout: .seconds(600))
        return GrowthReport.Size(
            documents: size, generationSeconds: generationSeconds, build: build,
            closedIndexBytes: DatabaseFiles.bytes(indexPath), tableBytes: try SearchIndex.bytesByTable(path: indexPath), latency: latency,
            totalSeconds: (ContinuousClock.now - start).seconds, predictedSeconds: predicted)
    }

    /// The total seconds a size is expected to take, from those measured; `nil` before any.
    static func predictSeconds(for size: Int, from measured: [GrowthReport.Size]) -> Double? {
        predictSeconds(for: size, from: measured.map { ($0.documents, $0.totalSeconds) })
    }

    /// The seconds a size is expected to take, from the sizes measured, smallest first:
    /// `t ∝ n^k`, `k` from the last two (at least 1; 1 with only one); `nil` before any.
    static func predictSeconds(for size: Int, from measured: [(documents: Int, seconds: Double)]) -> Double? {
        guard let last = measured.last else { return nil }
        var exponent = 1.0
        if measured.count >= 2 {
            let previous = measured[measured.count - 2]
            exponent = max(1, log(last.seconds / previous.seconds) / log(Double(last.documents) / Double(previous.documents)))
        }
        return last.seconds * pow(Double(size) / Double(last.documents), exponent)
    }
}

/// The `growth` section.
struct GrowthReport: BenchSection {
    static let section = "growth"

    var source: String
    /// The distinct paragraphs the corpora are made of.
    var paragraphs: Int
    var budgetSeconds: Int
    var sizes: [Size]
    var skipped: [Skipped]

    struct Size: Codable {
        var documents: Int
        /// The time to write the corpus, `nil` when it was reused.
        var generationSeconds: Double?
        var build: IndexBuild
        /// The index once the daemon has stopped (its WAL checkpointed).
        var closedIndexBytes: Int
        /// The closed index's bytes by table and index (`nil` in reports made before it was
        /// measured).
        var tableBytes: [String: Int]?
        /// At one client.
        var latency: LatencyResult
        /// Making the corpus, indexing, searching and stopping the daemon.
        var totalSeconds: Double
        /// What the sizes before predicted for ``totalSeconds``.
        var predictedSeconds: Double?
    }

    struct Skipped: Codable {
        var documents: Int
        var predictedSeconds: Double
        var secondsLeft: Double
    }

    /// Tables and indexes named in the account of the space, the largest first.
    static let tablesShown = 6

    var markdown: String {
        var table = MarkdownTable(header: [
            "documents", "text", "index time (merged)", "documents/s", "MB/s", "index (closed)", "index / text (closed)",
            "RSS after (peak)",
            "1-client p50 ms", "1-client p95 ms", "1-client p99 ms", "queries > 50 ms", "total (predicted)",
        ])
        for size in sizes {
            let build = size.build
            let level = size.latency.level(1)
            table.append([
                Format.count(size.documents), Format.megabytes(build.textBytes),
                Format.fixed(build.seconds, 1) + " s" + (build.mergedSeconds.map { " (" + Format.fixed($0, 1) + " s)" } ?? ""),
                Format.fixed(build.documentsPerSecond, 0), Format.fixed(build.megabytesPerSecond, 2),
                "\(Format.megabytes(build.indexBytes)) (\(Format.megabytes(size.closedIndexBytes)))",
                "\(Format.fixed(build.indexToText, 2)) (\(Format.fixed(Double(size.closedIndexBytes) / Double(build.textBytes), 2)))",
                "\(Format.megabytes(build.memory.residentBytes)) (\(Format.megabytes(build.memory.peakResidentBytes)))",
                level.map { Format.spread($0.p50Ms, 2) } ?? "—", level.map { Format.spread($0.p95Ms, 2) } ?? "—",
                level.map { Format.spread($0.p99Ms, 2) } ?? "—", level.map { Format.spread($0.over50Ms, 0) } ?? "—",
                Format.fixed(size.totalSeconds / 60, 1) + " min"
                    + (size.predictedSeconds.map { " (" + Format.fixed($0 / 60, 1) + ")" } ?? ""),
            ])
        }
        for skipped in skipped {
            table.append([Format.count(skipped.documents), "—", "skipped", "—", "—", "—", "—", "—", "—", "—", "—", "—",
                          "— (" + Format.fixed(skipped.predictedSeconds / 60, 1) + ")"])
        }
        var lines = [
            "## Growth: costs against the number of documents", "",
            "Corpora derived from `\(source)`: each chapter split on blank lines into paragraphs, those under "
                + "\(GrowthCorpus.minimumParagraphBytes) bytes dropped (\(Format.count(paragraphs)) paragraphs kept), one "
                + "paragraph per file; past \(Format.count(paragraphs)) documents the paragraphs are written again under new "
                + "names (`rep02/…`, `rep03/…`), so the larger corpora repeat their text. Each size is indexed by a fresh "
                + "`furetd` from an empty index (timed until `pending == 0`, and until it has settled, its segments merged; index size with its WAL, the daemon running, and "
                + "once the daemon has stopped), then "
                + "searched by one client: \(sizes.first.map { $0.latency.method } ?? "")", "",
            table.rendered,
        ]
        for size in sizes {
            guard let tables = size.tableBytes else { continue }
            let largest = tables.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(Self.tablesShown)
            lines += ["", "Where the space goes at \(Format.count(size.documents)) documents (closed index, `dbstat`): "
                + largest.map { "`\($0.key)` \(Format.megabytes($0.value))" }.joined(separator: ", ") + "."]
        }
        if !skipped.isEmpty {
            lines += ["", "Skipped sizes: their predicted total time (extrapolated from the sizes measured before, as "
                + "t ∝ n^k) exceeded what was left of the bench's time budget (\(Format.fixed(Double(budgetSeconds) / 60, 0)) "
                + "min); run them with `GROWTH_SIZES` and `FURET_BENCH_MINUTES=0`."]
        }
        return lines.joined(separator: "\n")
    }
}
