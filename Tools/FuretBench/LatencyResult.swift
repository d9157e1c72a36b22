/// Search latency and throughput at one or more client counts, over repeated runs.
struct LatencyResult: Codable {
    let queryFiles: [String]
    let queries: Int
    let limit: Int
    let warmupPasses: Int
    let runs: Int
    let loadAverageBefore: String
    /// One entry per client count, in the order measured.
    let levels: [Level]
    /// The throughput of the most clients divided by that of one client, run by run; `nil`
    /// unless both were measured.
    let throughputRatio: Spread?

    /// The runs at one client count.
    struct Level: Codable {
        var clients: Int
        var runs: [Run]
        var p50Ms: Spread
        var p95Ms: Spread
        var p99Ms: Spread
        var maxMs: Spread
        var queriesPerSecond: Spread
        var over100Ms: Spread
        var over50Ms: Spread
        var errors: Int

        init(clients: Int, runs: [Run]) {
            self.clients = clients
            self.runs = runs
            p50Ms = Spread(runs.map(\.latency.p50Ms))
            p95Ms = Spread(runs.map(\.latency.p95Ms))
            p99Ms = Spread(runs.map(\.latency.p99Ms))
            maxMs = Spread(runs.map(\.latency.maxMs))
            queriesPerSecond = Spread(runs.map(\.queriesPerSecond))
            over100Ms = Spread(runs.map { Double($0.latency.over100Ms) })
            over50Ms = Spread(runs.map { Double($0.latency.over50Ms) })
            errors = runs.reduce(0) { $0 + $1.errors }
        }
    }

    /// Every client sending the whole list once.
    struct Run: Codable {
        var latency: LatencySummary
        var seconds: Double
        var queriesPerSecond: Double
        var errors: Int

        init(_ outcome: QueryLoad.Outcome) throws(BenchError) {
            guard !outcome.latencies.isEmpty else {
                throw .nothingMeasured("every search was answered with an error")
            }
            latency = LatencySummary(outcome.latencies)
            seconds = outcome.wall.seconds
            queriesPerSecond = Double(outcome.requests) / seconds
            errors = outcome.errors
        }
    }

    /// Runs `load` `warmupPasses` times with one client, then `runs` times the client
    /// counts `clientCounts` in turn (so that a run of each count is close in time to the
    /// others, on a machine whose load drifts).
    static func measure(
        _ load: QueryLoad, queryFiles: [String], clientCounts: [Int], warmupPasses: Int, runs: Int
    ) throws(BenchError) -> LatencyResult {
        let loadAverage = MachineInfo.loadAverage()
        for _ in 0..<warmupPasses { _ = try load.run(clients: 1) }
        var measured: [Int: [Run]] = [:]
        for run in 1...runs {
            for clients in clientCounts {
                let result = try Run(load.run(clients: clients))
                Console.report("run \(run)/\(runs), \(clients) client\(clients == 1 ? "" : "s"): "
                    + "p50 \(Format.fixed(result.latency.p50Ms, 2)) ms, p99 \(Format.fixed(result.latency.p99Ms, 2)) ms, "
                    + "\(Format.fixed(result.queriesPerSecond, 0)) queries/s")
                measured[clients, default: []].append(result)
            }
        }
        let levels = clientCounts.map { Level(clients: $0, runs: measured[$0] ?? []) }
        var ratio: Spread?
        if let one = measured[1], let most = clientCounts.max(), most > 1, let many = measured[most] {
            ratio = Spread(zip(many, one).map { $0.queriesPerSecond / $1.queriesPerSecond })
        }
        return LatencyResult(
            queryFiles: queryFiles, queries: load.queries.count, limit: load.limit, warmupPasses: warmupPasses,
            runs: runs, loadAverageBefore: loadAverage, levels: levels, throughputRatio: ratio)
    }

    /// The level of `clients` clients, if measured.
    func level(_ clients: Int) -> Level? {
        levels.first { $0.clients == clients }
    }

    /// The table of every level: median (min–max) over the runs.
    var table: MarkdownTable {
        var table = MarkdownTable(header: ["clients", "p50 ms", "p99 ms", "max ms", "queries/s", "over 100 ms", "errors"])
        for level in levels {
            table.append([
                "\(level.clients)", Format.spread(level.p50Ms, 2), Format.spread(level.p99Ms, 2),
                Format.spread(level.maxMs, 1), Format.spread(level.queriesPerSecond, 0),
                Format.spread(level.over100Ms, 0), "\(level.errors)",
            ])
        }
        return table
    }

    /// How the figures were measured, for the reports.
    var method: String {
        "\(Format.count(queries)) queries (`\(queryFiles.map { $0.split(separator: "/").last.map(String.init) ?? $0 }.joined(separator: "`, `"))`), "
            + "`search` with limit \(limit) (snippets included), sent one at a time on each client's own connection "
            + "and thread; \(warmupPasses) warm-up pass\(warmupPasses == 1 ? "" : "es") with one client, then \(runs) "
            + "run\(runs == 1 ? "" : "s") of each client count in turn, every client sending the whole list (client k of n from query k × count / n on, wrapping around); "
            + "median (min–max) over the runs. Latency: from sending the request line to receiving the whole "
            + "response line (monotonic clock). Load average before: \(loadAverageBefore)."
    }
}
