/// `furet-bench latency`: search latency and throughput of a running daemon over its socket.
///
/// See ``QueryLoad`` for what a client does and ``LatencyResult/measure(_:queryFiles:clientCounts:warmupPasses:runs:)``
/// for the order of the runs. With `--pid-file`, also reports the daemon's memory after the
/// load.
struct LatencyCommand {
    let socketPath: String
    let queryFiles: [String]
    let clientCounts: [Int]
    let warmupPasses: Int
    let runs: Int
    let limit: Int
    let pidFile: String?
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments,
            values: ["--socket", "--queries", "--clients", "--warmup", "--runs", "--limit", "--pid-file", "--json"],
            flags: [])
        socketPath = try options.required("--socket")
        queryFiles = try options.requiredList("--queries")
        clientCounts = try options.integers("--clients", default: [1], minimum: 1)
        warmupPasses = try options.integer("--warmup", default: 1)
        runs = try options.integer("--runs", default: 3, minimum: 1)
        limit = try options.integer("--limit", default: 10, minimum: 1)
        pidFile = options.value("--pid-file")
        jsonPath = options.value("--json")
    }

    func run() throws {
        let load = QueryLoad(socketPath: socketPath, queries: try QueryLoad.readQueries(queryFiles), limit: limit)
        let result = try LatencyResult.measure(
            load, queryFiles: queryFiles, clientCounts: clientCounts, warmupPasses: warmupPasses, runs: runs)
        var memoryAfter: ProcessMemory?
        if let pidFile {
            memoryAfter = try DaemonProcess.attach(pidFile: pidFile, socketPath: socketPath).memory
        }
        let report = SearchLatencyReport(latency: result, memoryAfter: memoryAfter)
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: SearchLatencyReport.section, in: jsonPath)
        }
    }
}

/// The `search_latency` section: latency at each client count and the daemon's memory after.
struct SearchLatencyReport: BenchSection {
    static let section = "search_latency"

    var latency: LatencyResult
    /// The daemon's memory once the load is over, when its pid was given.
    var memoryAfter: ProcessMemory?

    var markdown: String {
        var lines = ["## Search latency over the socket", "", latency.method, "", latency.table.rendered]
        if let ratio = latency.throughputRatio, let most = latency.levels.map(\.clients).max() {
            lines += ["", "Throughput with \(most) clients / with 1 client: \(Format.spread(ratio, 2))."]
        }
        if let memoryAfter {
            lines += ["", "Daemon resident memory after the load: \(Format.megabytes(memoryAfter.residentBytes)), "
                + "\(Format.megabytes(memoryAfter.anonymousBytes)) of it anonymous (peak since it started "
                + "\(Format.megabytes(memoryAfter.peakResidentBytes)))."]
        }
        return lines.joined(separator: "\n")
    }
}
