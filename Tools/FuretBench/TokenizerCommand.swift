import Foundation
import FuretAnalysis
import FuretDocuments
import FuretIndex
import FuretLemmas

/// `furet-bench tokenizer`: indexing throughput of Furet beside raw SQLite FTS5.
///
/// Loads every `.txt` file of a corpus into memory, then, `--runs` times in turn, indexes
/// the same files three ways into a fresh database:
///
/// - A, the baseline: the `fts5-baseline` program (`Tools/fts5-baseline.c`), a plain FTS5
///   table with the `unicode61 remove_diacritics 2` tokenizer, one transaction; it times
///   only the inserts and the commit of text already in memory.
/// - B, Furet as used: a new ``SearchIndex`` filled by ``Indexer/reconcile(root:)``, which
///   also scans the folder, reads (from the page cache), decodes and hashes every file, and
///   writes in batches.
/// - C, Furet's writing alone: the documents read beforehand, written by one
///   ``SearchIndex/apply(_:)``, one transaction, as in A.
/// - D, Furet's analysis alone: the bodies C indexes run through a ``FrenchAnalyzer``,
///   without SQLite, to tell the analyzer's cost from FTS5's.
///
/// Reports throughput in MB of text per second (10^6 bytes), its ratio to A in the same
/// run, and the database size against the text size, as medians with min–max spreads.
struct TokenizerCommand {
    let corpus: String
    let baseline: String
    let runs: Int
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--corpus", "--baseline", "--runs", "--json"], flags: [])
        corpus = try options.required("--corpus")
        baseline = try options.required("--baseline")
        runs = try options.integer("--runs", default: 3, minimum: 1)
        jsonPath = options.value("--json")
    }

    func run() async throws {
        guard let root = FileSystem.resolve(corpus), FileSystem.isDirectory(root) else {
            throw BenchError.badInput(path: corpus, reason: "no such corpus folder")
        }
        let text = try CorpusText.load(root)
        Console.report("\(Format.count(text.documents.count)) files, \(Format.megabytes(text.bytes)) of text")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("furet-bench-\(getpid())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }

        let loadAverage = MachineInfo.loadAverage()
        var measurements: [IndexingVariant: [IndexingMeasurement]] = [:]
        for run in 1...runs {
            for variant in IndexingVariant.allCases {
                let database = scratch + "/\(variant.rawValue)-\(run).sqlite"
                let measurement = try await measure(variant, text: text, database: database)
                Console.report("run \(run)/\(runs) \(variant.rawValue): \(Format.fixed(measurement.seconds, 2)) s, "
                    + "\(Format.fixed(measurement.megabytesPerSecond, 2)) MB/s")
                measurements[variant, default: []].append(measurement)
                DatabaseFiles.remove(database)
            }
        }
        let result = TokenizerResult(
            corpus: root, documents: text.documents.count, textBytes: text.bytes, runs: runs,
            loadAverageBefore: loadAverage, measurements: measurements)
        print(result.markdown)
        if let jsonPath {
            try BenchReport.record(result, as: TokenizerResult.section, in: jsonPath)
        }
    }

    private func measure(_ variant: IndexingVariant, text: CorpusText, database: String) async throws -> IndexingMeasurement {
        // Each Furet variant starts as a new process would: no lemma looked up yet.
        try LemmaDictionary.sharedCache().removeAll()
        LemmaDictionary.endBulkLookups()
        switch variant {
        case .rawFTS5:
            return try RawFTS5Baseline(program: baseline).index(text.paths, into: database)
        case .furetReconcile:
            let seconds = try await Self.furet(database, expected: text.documents.count) { index in
                let report = try await Indexer(index: index).reconcile(root: text.root)
                return report.indexed
            }
            return try await Self.sized(seconds, text: text, database: database)
        case .furetAnalysis:
            return IndexingMeasurement(seconds: try Self.analyze(text), textBytes: text.bytes, indexBytes: 0)
        case .furetApply:
            let seconds = try await Self.furet(database, expected: text.documents.count) { index in
                try await index.apply(text.documents.map { .upsert($0) })
                return try index.documentCount()
            }
            return try await Self.sized(seconds, text: text, database: database)
        }
    }

    /// A Furet variant's measurement: the index's size as written, then once merged (not timed).
    private static func sized(_ seconds: Double, text: CorpusText, database: String) async throws -> IndexingMeasurement {
        var measurement = IndexingMeasurement(seconds: seconds, textBytes: text.bytes, indexBytes: DatabaseFiles.bytes(database))
        do {
            let index = try SearchIndex(path: database)
            try await index.optimize()
            await index.checkpoint()
        }
        measurement.mergedIndexBytes = DatabaseFiles.bytes(database)
        return measurement
    }

    /// Times the analysis of every body by one new analyzer.
    private static func analyze(_ text: CorpusText) throws -> Double {
        // As a large write does (`SearchIndex.apply`).
        LemmaDictionary.beginBulkLookups()
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let clock = ContinuousClock()
        let start = clock.now
        var terms = 0
        for document in text.documents {
            var body = document.body
            body.withUTF8 { analyzer.forEachTerm(in: $0) { _ in terms += 1 } }
        }
        let seconds = (clock.now - start).seconds
        Console.report("analysis: \(Format.count(terms)) terms")
        guard terms > 0 else { throw BenchError.badInput(path: text.root, reason: "the analyzer found no word") }
        return seconds
    }

    /// Times `fill` on a new index at `path`, checks it indexed `expected` documents, and
    /// closes the index (checkpointing its WAL) before returning the seconds.
    private static func furet(
        _ path: String, expected: Int, fill: (SearchIndex) async throws -> Int
    ) async throws -> Double {
        let index = try SearchIndex(path: path)
        let clock = ContinuousClock()
        let start = clock.now
        let indexed = try await fill(index)
        let seconds = (clock.now - start).seconds
        guard indexed == expected else {
            throw BenchError.documentCount(database: path, expected: expected, found: indexed)
        }
        return seconds
    }
}
