import Foundation
import FuretProtocol
import Synchronization

/// `furet-bench subscriptions`: how soon a subscriber hears of a new matching file with many
/// subscriptions open, and what those subscriptions cost indexing.
///
/// Makes `--dir` anew and adds it as a root of the running daemon (``BenchRoot``).
/// - Throughput: bursts of `--burst` files (the text of `freshness`'s burst), each into a
///   new folder, timed from the first write until `status` has nothing pending and a search
///   counts every file; `--rounds` pairs of bursts, one with no subscription open and one
///   with the `--subscriptions`, the pair's order alternating from round to round. The
///   daemon's state drifts from burst to burst (its index grows, it merges segments between
///   them), which a single burst without then a single burst with counted against the
///   subscriptions. With `--pid-file`, each burst starts once the daemon has settled (its
///   CPU time still: the merge of the previous burst's segments over).
/// - Subscriptions: one follows a made-up word; the others follow the `--queries` (French
///   words the burst's text matches, or not), spread over four connections that read their
///   notifications as they come.
/// - Latency: `--samples` times, writes a new file holding the made-up word, closes it,
///   starts the clock and waits for its `match` notification.
struct SubscriptionsCommand {
    let socketPath: String
    let directory: String
    let samples: Int
    let subscriptions: Int
    let burstFiles: Int
    let rounds: Int
    let queryFiles: [String]
    let pidFile: String?
    let jsonPath: String?

    private static let burstTimeout: Duration = .seconds(600)
    /// Connections sharing the subscriptions other than the measured one.
    private static let drainConnections = 4

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--socket", "--dir", "--samples", "--subscriptions", "--burst", "--rounds", "--queries", "--pid-file",
                        "--json"],
            flags: [])
        socketPath = try options.required("--socket")
        directory = try options.required("--dir")
        samples = try options.integer("--samples", default: 50, minimum: 1)
        subscriptions = try options.integer("--subscriptions", default: 100, minimum: 1)
        burstFiles = try options.integer("--burst", default: 2_000, minimum: 1)
        rounds = try options.integer("--rounds", default: 3, minimum: 1)
        queryFiles = try options.requiredList("--queries")
        pidFile = options.value("--pid-file")
        jsonPath = options.value("--json")
    }

    func run() throws {
        let queries = try QueryLoad.readQueries(queryFiles)
        let client = try DaemonClient(socketPath: socketPath)
        let benchRoot = try BenchRoot(directory, client: client)
        let root = benchRoot.path
        let daemon = try pidFile.map { try DaemonProcess.attach(pidFile: $0, socketPath: socketPath) }

        let word = FreshnessCommand.madeUpWord()
        var latencies: [Duration] = []
        var without: [Double] = []
        var with: [Double] = []
        var notified = 0
        for round in 1...rounds {
            for followed in round.isMultiple(of: 2) ? [true, false] : [false, true] {
                try daemon?.waitUntilSettled(timeout: Self.burstTimeout)
                guard followed else {
                    without.append(try burst(client, in: "\(root)/plain-\(round)"))
                    Console.report("burst without subscriptions: \(Format.fixed(without.last!, 2)) s")
                    continue
                }
                let open = try OpenSubscriptions(socketPath: socketPath, word: word, queries: queries, count: subscriptions)
                if latencies.isEmpty { latencies = try open.latencies(samples: samples, word: word, in: root) }
                with.append(try burst(client, in: "\(root)/followed-\(round)"))
                Console.report("burst with \(subscriptions) subscriptions: \(Format.fixed(with.last!, 2)) s")
                notified += open.close()
            }
        }

        try benchRoot.remove(client: client)

        let report = SubscriptionsReport(
            subscriptions: subscriptions, samples: samples, latency: LatencySummary(latencies), burstFiles: burstFiles, rounds: rounds,
            burstSecondsWithout: Spread(without), burstSecondsWith: Spread(with),
            roundRatios: Spread(zip(without, with).map { $0 / $1 }), notifications: notified)
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: SubscriptionsReport.section, in: jsonPath)
        }
    }

    /// Subscriptions open on the daemon: one to a made-up word, on a connection of its own,
    /// and the others to the latency queries, spread over ``drainConnections`` connections
    /// whose notifications are read as they come.
    private struct OpenSubscriptions {
        let listener: DaemonClient
        let drains: [Drain]

        init(socketPath: String, word: String, queries: [String], count: Int) throws {
            listener = try DaemonClient(socketPath: socketPath)
            _ = try listener.call(SubscribeRequest(query: word))
            drains = try (0..<SubscriptionsCommand.drainConnections).map { _ in try Drain(socketPath: socketPath) }
            for number in 0..<(count - 1) {
                _ = try drains[number % drains.count].client.call(SubscribeRequest(query: queries[number % queries.count]))
            }
            drains.forEach { $0.start() }
        }

        /// `samples` times, writes a new file holding `word` in `folder`, and times from its
        /// closing to its `match` notification.
        func latencies(samples: Int, word: String, in folder: String) throws -> [Duration] {
            var latencies: [Duration] = []
            for sample in 1...samples {
                blockingSleep(for: .milliseconds(Int.random(in: 0...50)))
                let path = "\(folder)/followed-\(sample).txt"
                try NewFile.write("Note suivie : le mot \(word) n’existe nulle part ailleurs.\n", to: path)
                let start = ContinuousClock.now
                while true {
                    let line = try listener.nextLine()
                    guard let match = NotificationEnvelope.params(of: line, as: MatchNotification.self) else { continue }
                    if match.hit.path == path { break }
                }
                latencies.append(ContinuousClock.now - start)
            }
            return latencies
        }

        /// Hangs up, which closes the subscriptions; the lines the drains read.
        func close() -> Int {
            drains.forEach { $0.client.hangUp() }
            listener.hangUp()
            return drains.reduce(0) { $0 + $1.stop() }
        }
    }

    /// Writes ``burstFiles`` files into the new `folder`; the seconds until all are searchable.
    private func burst(_ client: DaemonClient, in folder: String) throws -> Double {
        let word = FreshnessCommand.madeUpWord()
        let start = ContinuousClock.now
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        for file in 1...burstFiles {
            try NewFile.write(FreshnessCommand.burstText(file: file, word: word), to: "\(folder)/burst-\(file).txt")
        }
        try BenchRoot.waitUntilSearchable(client, word: word, files: burstFiles, since: start, timeout: Self.burstTimeout)
        return (ContinuousClock.now - start).seconds
    }

    /// A connection whose notifications a thread of its own reads and counts, as a client
    /// that keeps up would.
    private final class Drain: @unchecked Sendable {
        let client: DaemonClient
        private let lines = Atomic<Int>(0)
        private let done = DispatchSemaphore(value: 0)

        init(socketPath: String) throws {
            client = try DaemonClient(socketPath: socketPath)
        }

        func start() {
            Thread.detachNewThread { [self] in
                while (try? client.nextLine()) != nil { lines.add(1, ordering: .relaxed) }
                done.signal()
            }
        }

        /// Waits for the thread (after ``DaemonClient/hangUp()``); the lines it read.
        func stop() -> Int {
            done.wait()
            return lines.load(ordering: .relaxed)
        }
    }
}

/// The `subscriptions` section.
struct SubscriptionsReport: BenchSection {
    static let section = "subscriptions"

    var subscriptions: Int
    var samples: Int
    /// From `close()` to the `match` notification's arrival.
    var latency: LatencySummary
    var burstFiles: Int
    var rounds: Int
    /// Seconds until a burst is all searchable, over the rounds.
    var burstSecondsWithout: Spread
    var burstSecondsWith: Spread
    /// Each round's time without over its time with.
    var roundRatios: Spread
    /// Lines the other subscriptions' connections received.
    var notifications: Int

    /// Indexing throughput with the subscriptions, as a share of that without (target ≥ 0.9):
    /// the median burst without over the median burst with.
    var throughputRatio: Double { burstSecondsWithout.median / burstSecondsWith.median }

    var markdown: String {
        var table = MarkdownTable(header: ["measure", "value"])
        table.append(["file closed → notification: p50", Format.fixed(latency.p50Ms, 1) + " ms"])
        table.append(["file closed → notification: p99", Format.fixed(latency.p99Ms, 1) + " ms"])
        table.append(["file closed → notification: max", Format.fixed(latency.maxMs, 1) + " ms"])
        table.append(["burst of \(Format.count(burstFiles)), no subscription", Self.seconds(burstSecondsWithout)])
        table.append(["burst of \(Format.count(burstFiles)), \(subscriptions) subscriptions", Self.seconds(burstSecondsWith)])
        table.append(["indexing throughput with / without (medians; each round's)",
                      Format.fixed(throughputRatio, 2) + "× (\(Format.fixed(roundRatios.min, 2))–\(Format.fixed(roundRatios.max, 2))×)"])
        table.append(["notifications to the other subscriptions", Format.count(notifications)])
        return """
            ## Subscriptions: from saving a file to its notification

            \(subscriptions) subscriptions open (one to a made-up word, timed over \(samples) new files; the others to \
            the latency queries, on four connections reading as they come). Throughput: \(Format.count(burstFiles)) \
            files written at once, timed until all are searchable; \(rounds) rounds of a burst \
            without and one with the subscriptions, in alternating order; median (min–max).

            \(table.rendered)
            """
    }

    private static func seconds(_ spread: Spread) -> String {
        "\(Format.fixed(spread.median, 2)) s (\(Format.fixed(spread.min, 2))–\(Format.fixed(spread.max, 2)))"
    }
}
