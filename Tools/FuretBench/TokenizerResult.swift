/// The measurements of `furet-bench tokenizer` and their summary.
struct TokenizerResult: BenchSection {
    static let section = "tokenizer"

    let corpus: String
    let documents: Int
    let textBytes: Int
    let runs: Int
    /// `/proc/loadavg` before the first run: a busy machine slows every variant.
    let loadAverageBefore: String
    let variants: [IndexingVariant: Summary]

    /// A variant over every run.
    struct Summary: Codable {
        var label: String
        var measurements: [IndexingMeasurement]
        var megabytesPerSecond: Spread
        /// Its throughput divided by the raw FTS5 baseline's (A), run by run.
        var throughputVsBaseline: Spread
        var indexToText: Spread
    }

    init(corpus: String, documents: Int, textBytes: Int, runs: Int, loadAverageBefore: String,
         measurements: [IndexingVariant: [IndexingMeasurement]]) {
        self.corpus = corpus
        self.documents = documents
        self.textBytes = textBytes
        self.runs = runs
        self.loadAverageBefore = loadAverageBefore
        let baseline = measurements[.rawFTS5] ?? []
        variants = Dictionary(uniqueKeysWithValues: measurements.map { variant, runs in
            (variant, Summary(
                label: variant.label,
                measurements: runs,
                megabytesPerSecond: Spread(runs.map(\.megabytesPerSecond)),
                throughputVsBaseline: Spread(zip(runs, baseline).map { $0.megabytesPerSecond / $1.megabytesPerSecond }),
                indexToText: Spread(runs.map(\.indexToText))))
        })
    }

    /// `size (ratio)` of the merged index, the median run's.
    private static func merged(_ measurements: [IndexingMeasurement]) -> String {
        let sizes = measurements.compactMap(\.mergedIndexBytes).sorted()
        guard !sizes.isEmpty, let textBytes = measurements.first?.textBytes else { return "—" }
        let median = sizes[sizes.count / 2]
        return "\(Format.megabytes(median)) / \(Format.fixed(Double(median) / Double(textBytes), 2))"
    }

    var markdown: String {
        var table = MarkdownTable(header: ["variant", "seconds", "MB/s", "throughput / A", "index size", "index / text", "merged: size / text"])
        for variant in IndexingVariant.allCases {
            guard let summary = variants[variant] else { continue }
            let seconds = Spread(summary.measurements.map(\.seconds))
            let indexBytes = Spread(summary.measurements.map { Double($0.indexBytes) })
            table.append([
                variant.label, Format.spread(seconds, 2), Format.spread(summary.megabytesPerSecond, 2),
                variant == .rawFTS5 ? "—" : Format.spread(summary.throughputVsBaseline, 3),
                variant.writesIndex ? Format.megabytes(Int(indexBytes.median)) : "—",
                variant.writesIndex ? Format.fixed(summary.indexToText.median, 2) : "—",
                Self.merged(summary.measurements),
            ])
        }
        return """
            ## Indexing throughput: Furet and raw FTS5

            `\(corpus)`: \(Format.count(documents)) `.txt` files, \(Format.megabytes(textBytes)) of text \
            (MB = 10^6 bytes); \(runs) run\(runs == 1 ? "" : "s") of A, B, C, D in turn, each of A–C into \
            a new database; median (min–max). Load average before: \(loadAverageBefore).

            \(table.rendered)

            A and C time the inserts and the commit of text already in memory, in one transaction; \
            B is what indexing a folder costs (scan, read from the page cache, decode, hash, write in \
            the Indexer's default batches). All three databases run in WAL mode with synchronous=NORMAL. Index \
            sizes are of the closed database (Furet's includes the document table and its metadata), \
            as written, then once FTS5's segments are merged into one (`optimize`, not timed: `furetd` \
            merges them in the background once idle after a bulk load). \
            Each of B, C and D starts as a new process would, with no Hunspell lemma cached \
            (looking up a corpus's words costs about 10 µs each, once). D runs the analyzer C's \
            tokenizer runs, on the same bodies, on one thread with a fresh analyzer: the part of C \
            that is Furet's own code.
            """
    }
}
