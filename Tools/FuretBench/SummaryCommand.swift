/// `furet-bench summary`: one Markdown table of every headline figure of a report, each
/// beside its target, for the end of `Tools/bench`. Sections that did not run are left out.
struct SummaryCommand {
    let jsonPath: String

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(arguments, values: ["--json"], flags: [])
        jsonPath = try options.required("--json")
    }

    func run() throws {
        let report = try BenchReport.load(jsonPath)
        var summary = Summary()
        let tokenizer = try report.section(TokenizerResult.self)
        let daemonIndex = try report.section(DaemonIndexReport.self)
        if let tokenizer { summary.add(tokenizer) }
        if let daemonIndex { summary.add(daemonIndex, baseline: tokenizer) }
        if let inProcess = try report.section(InProcessSearchReport.self) { summary.add(inProcess) }
        if let latency = try report.section(SearchLatencyReport.self) { summary.add(latency) }
        if let cli = try report.section(CLIReport.self) { summary.add(cli) }
        if let freshness = try report.section(FreshnessReport.self) { summary.add(freshness) }
        if let subscriptions = try report.section(SubscriptionsReport.self) { summary.add(subscriptions) }
        if let reconcile = try report.section(ReconcileReport.self) { summary.add(reconcile, fullBuild: daemonIndex) }
        if let growth = try report.section(GrowthReport.self) { summary.add(growth) }
        if let formats = try report.section(FormatsReport.self) { summary.add(formats) }
        if let cluster = try report.section(ClusterReport.self) { summary.add(cluster) }
        print("""
            ## Summary

            \(report.date); \(report.cpu), \(report.cores) cores. Values are medians over the runs, with \
            (min–max) where repeated.

            \(summary.table.rendered)
            """)
    }
}

/// The rows of the summary table.
private struct Summary {
    private(set) var table = MarkdownTable(header: ["figure", "value", "target", "met"])

    /// A figure's target: a bound it must not cross.
    enum Target {
        case atMost(Double, String)
        case atLeast(Double, String)

        func isMet(by value: Double) -> Bool {
            switch self {
            case .atMost(let bound, _): value <= bound
            case .atLeast(let bound, _): value >= bound
            }
        }

        var text: String {
            switch self {
            case .atMost(_, let text), .atLeast(_, let text): text
            }
        }
    }

    /// Adds a row; `value` is what `target` is checked against, `shown` how it is written.
    mutating func add(_ figure: String, _ shown: String, value: Double? = nil, target: Target? = nil) {
        guard let target, let value else {
            table.append([figure, shown, "—", ""])
            return
        }
        table.append([figure, shown, target.text, target.isMet(by: value) ? "yes" : "**no**"])
    }

    mutating func add(_ tokenizer: TokenizerResult) {
        guard let furet = tokenizer.variants[.furetReconcile], let raw = tokenizer.variants[.rawFTS5] else { return }
        add("Raw FTS5 indexing throughput (eltec-fr, text in memory)", Format.spread(raw.megabytesPerSecond, 2) + " MB/s")
        add("Furet indexing throughput (eltec-fr, `Indexer.reconcile`)", Format.spread(furet.megabytesPerSecond, 2) + " MB/s")
        add("… / raw FTS5", Format.spread(furet.throughputVsBaseline, 2) + "×",
            value: furet.throughputVsBaseline.median, target: .atLeast(0.5, "≥ 0.5×"))
        add("Index / text (eltec-fr, closed database as written)", Format.fixed(furet.indexToText.median, 2) + "×")
        // What furetd leaves once idle after a bulk load: the segments merged into one.
        let merged = furet.measurements.compactMap(\.mergedIndexToText).sorted()
        if !merged.isEmpty {
            let median = merged[merged.count / 2]
            add("Index / text (eltec-fr, segments merged as furetd leaves it)", Format.fixed(median, 2) + "×",
                value: median, target: .atMost(1.5, "≤ 1.5×"))
        }
    }

    mutating func add(_ report: DaemonIndexReport, baseline: TokenizerResult?) {
        let build = report.build
        add("Daemon full build, both corpora (\(Format.count(build.documents)) documents, \(Format.megabytes(build.textBytes)))",
            Format.fixed(build.seconds, 1) + " s, " + Format.fixed(build.megabytesPerSecond, 2) + " MB/s")
        if let raw = baseline?.variants[.rawFTS5]?.megabytesPerSecond.median {
            let ratio = build.megabytesPerSecond / raw
            add("… / raw FTS5 (eltec-fr only)", Format.fixed(ratio, 2) + "×", value: ratio, target: .atLeast(0.5, "≥ 0.5×"))
        }
        add("Index / text (daemon, .sqlite + -wal after the build)", Format.fixed(build.indexToText, 2) + "×",
            value: build.indexToText, target: .atMost(1.5, "≤ 1.5×"))
        add("Daemon peak RSS while indexing", Format.megabytes(build.memory.peakResidentBytes))
        add("Daemon RSS after indexing both corpora", Format.megabytes(build.memory.residentBytes),
            value: Double(build.memory.residentBytes), target: .atMost(100e6, "≤ 100 MB"))
    }

    mutating func add(_ report: FormatsReport) {
        add("Formats: furetd full build of \(report.pdfs) PDFs (\(Format.count(report.content.pages)) pages)",
            Format.fixed(report.furetSeconds.median, 2) + " s")
        if let speedup = report.recollOverFuret {
            add("… recollindex time / Furet time, run by run", Format.spread(speedup, 2) + "×", value: speedup.median,
                target: .atLeast(2, "≥ 2×"))
        }
    }

    mutating func add(_ report: ClusterReport) {
        for run in report.runs {
            let level = run.measured.latency.level(1)
            add("Cluster, \(run.corpus), \(ClusterReport.engineName(run.shards)): indexing; search p50 / p99, 1 client",
                Format.fixed(run.measured.build.megabytesPerSecond, 2) + " MB/s; "
                    + (level.map { Format.fixed($0.p50Ms.median, 2) + " / " + Format.fixed($0.p99Ms.median, 2) + " ms" } ?? "—"))
        }
    }

    mutating func add(_ report: InProcessSearchReport) {
        add("Search p50 in process (snippets included)", Format.spread(report.p50Ms, 2) + " ms",
            value: report.p50Ms.median, target: .atMost(1, "≤ 1 ms"))
        add("Search p99 in process", Format.spread(report.p99Ms, 2) + " ms")
    }

    mutating func add(_ report: SearchLatencyReport) {
        let latency = report.latency
        if let one = latency.level(1) {
            add("Search p50, 1 client", Format.spread(one.p50Ms, 2) + " ms", value: one.p50Ms.median, target: .atMost(1, "≤ 1 ms"))
            add("Search p99, 1 client", Format.spread(one.p99Ms, 2) + " ms", value: one.p99Ms.median, target: .atMost(10, "≤ 10 ms"))
            add("Search throughput, 1 client", Format.spread(one.queriesPerSecond, 0) + " queries/s")
        }
        if let most = latency.levels.max(by: { $0.clients < $1.clients }), most.clients > 1 {
            let clients = "\(most.clients) clients"
            add("Search p50 / p99, \(clients)", Format.spread(most.p50Ms, 2) + " / " + Format.spread(most.p99Ms, 2) + " ms")
            add("Search throughput, \(clients)", Format.spread(most.queriesPerSecond, 0) + " queries/s")
            if let ratio = latency.throughputRatio {
                add("… / 1 client", Format.spread(ratio, 2) + "×", value: ratio.median, target: .atLeast(1.6, "≥ 1.6×"))
            }
            let slow = most.runs.reduce(0) { $0 + $1.latency.over100Ms }
            add("Requests over 100 ms, \(clients) (all runs)", "\(Format.count(slow)) of \(Format.count(most.runs.reduce(0) { $0 + $1.latency.count }))",
                value: Double(slow), target: .atMost(0, "none"))
        }
        if let memory = report.memoryAfter {
            add("Daemon RSS after the query load", Format.megabytes(memory.residentBytes),
                value: Double(memory.residentBytes), target: .atMost(100e6, "≤ 100 MB"))
        }
    }

    mutating func add(_ report: CLIReport) {
        add("`furet search` whole process, median (\(report.tool))", Format.fixed(report.milliseconds.median, 2) + " ms",
            value: report.milliseconds.median, target: .atMost(8, "≤ 8 ms"))
        add("`furet search` mean ± σ", Format.fixed(report.meanMs, 2) + " ± " + Format.fixed(report.stddevMs, 2) + " ms")
    }

    mutating func add(_ report: FreshnessReport) {
        add("Freshness p50 (save → searchable)", Format.fixed(report.latency.p50Ms, 1) + " ms",
            value: report.latency.p50Ms, target: .atMost(100, "≤ 100 ms"))
        add("Freshness p99", Format.fixed(report.latency.p99Ms, 1) + " ms", value: report.latency.p99Ms, target: .atMost(500, "≤ 500 ms"))
        add("Freshness max; missed", Format.fixed(report.latency.maxMs, 1) + " ms; \(report.missed) of \(report.samples)",
            value: Double(report.missed), target: .atMost(0, "none missed"))
        let burst = report.burst
        add("Burst of \(Format.count(burst.files)) files: until all searchable", Format.fixed(burst.searchableSeconds, 2) + " s")
        if let during = burst.queriesDuring {
            add("… search p99 meanwhile, 1 client", Format.fixed(during.p99Ms, 2) + " ms")
        }
    }

    mutating func add(_ report: SubscriptionsReport) {
        let open = "\(report.subscriptions) subscriptions"
        add("Notification p50 (save → match, \(open))", Format.fixed(report.latency.p50Ms, 1) + " ms",
            value: report.latency.p50Ms, target: .atMost(100, "≤ 100 ms"))
        add("Notification p99", Format.fixed(report.latency.p99Ms, 1) + " ms", value: report.latency.p99Ms, target: .atMost(500, "≤ 500 ms"))
        add("Indexing throughput with \(open) / without", Format.fixed(report.throughputRatio, 2) + "×",
            value: report.throughputRatio, target: .atLeast(0.9, "≥ 0.9×"))
    }

    mutating func add(_ report: ReconcileReport, fullBuild: DaemonIndexReport?) {
        add("Restart catch-up over unchanged trees", Format.fixed(report.seconds, 2) + " s")
        if let fraction = report.fractionOfFullBuild {
            add("… / full build", Format.fixed(fraction * 100, 1) + " %", value: fraction, target: .atMost(0.1, "≤ 10 %"))
        }
        if let textBytes = fullBuild?.build.textBytes {
            let ratio = Double(report.closedIndexBytes) / Double(textBytes)
            add("Index / text (daemon, once stopped: WAL checkpointed)", Format.fixed(ratio, 2) + "×",
                value: ratio, target: .atMost(1.5, "≤ 1.5×"))
        }
        add("Daemon RSS after the restart's catch-up", Format.megabytes(report.memory.residentBytes))
    }

    mutating func add(_ report: GrowthReport) {
        for size in report.sizes {
            let documents = Format.count(size.documents)
            add("Growth \(documents): index time, throughput",
                Format.fixed(size.build.seconds, 1) + " s, " + Format.fixed(size.build.documentsPerSecond, 0) + " documents/s, "
                    + Format.fixed(size.build.megabytesPerSecond, 2) + " MB/s")
            add("Growth \(documents): index / text", Format.fixed(size.build.indexToText, 2) + "×",
                value: size.build.indexToText, target: .atMost(1.5, "≤ 1.5×"))
            if let one = size.latency.level(1) {
                add("Growth \(documents): search p50, 1 client", Format.spread(one.p50Ms, 2) + " ms",
                    value: one.p50Ms.median, target: .atMost(1, "≤ 1 ms"))
                add("Growth \(documents): search p99, 1 client", Format.spread(one.p99Ms, 2) + " ms",
                    value: one.p99Ms.median, target: .atMost(10, "≤ 10 ms"))
            }
        }
        for skipped in report.skipped {
            add("Growth \(Format.count(skipped.documents))", "skipped (predicted \(Format.fixed(skipped.predictedSeconds / 60, 0)) min)")
        }
    }
}
