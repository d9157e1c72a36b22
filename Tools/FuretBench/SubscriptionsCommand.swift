import Foundation
import FuretProtocol
import Synchronization

/// `furet-bench subscriptions`: how soon a subscriber hears of a new matching file with many
/// subscriptions open, and what those subscriptions cost indexing.
///
/// Makes `--dir` anew and adds it as a root of the running daemon (``BenchRoot``).
/// - Throughput: a burst of `--burst` files (the text of `freshness`'s burst) with no
///   subscription open, timed from the first write until `status` has nothing pending and a
///   search counts every file; then `--subscriptions` are opened and a second burst into
///   another folder is timed the same way.
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
    let queryFiles: [String]
    let jsonPath: String?

    private static let burstTimeout: Duration = .seconds(600)
    /// Connections sharing the subscriptions other than the measured one.
    private static let drainConnections = 4

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--socket", "--dir", "--samples", "--subscriptions", "--burst", "--queries", "--json"], flags: [])
        socketPath = try options.required("--socket")
        directory = try options.required("--dir")
        samples = try options.integer("--samples", default: 50, minimum: 1)
        subscriptions = try options.integer("--subscriptions", default: 100, minimum: 1)
        burstFiles = try options.integer("--burst", default: 2_000, minimum: 1)
        queryFiles = try options.requiredList("--queries")
        jsonPath = options.value("--json")
    }

    func run() throws {
        let queries = try QueryLoad.readQueries(queryFiles)
        let client = try DaemonClient(socketPath: socketPath)
        let benchRoot = try BenchRoot(directory, client: client)
        let root = benchRoot.path

        let plain = try burst(client, in: root + "/plain")
        Console.report("burst without subscriptions: \(Format.fixed(plain, 2)) s")

        let word = FreshnessCommand.madeUpWord()
        let listener = try DaemonClient(socketPath: socketPath)
        _ = try listener.call(SubscribeRequest(query: word))
        let drains = try (0..<Self.drainConnections).map { _ in try Drain(socketPath: socketPath) }
        for number in 0..<(subscriptions - 1) {
            _ = try drains[number % drains.count].client.call(SubscribeRequest(query: queries[number % queries.count]))
        }
        drains.forEach { $0.start() }

        var latencies: [Duration] = []
        for sample in 1...samples {
            blockingSleep(for: .milliseconds(Int.random(in: 0...50)))
            let path = "\(root)/followed-\(sample).txt"
            try NewFile.write("Note suivie : le mot \(word) n’existe nulle part ailleurs.\n", to: path)
            let start = ContinuousClock.now
            while true {
                let line = try listener.nextLine()
                guard let match = NotificationEnvelope.params(of: line, as: MatchNotification.self) else { continue }
                if match.hit.path == path { break }
            }
            latencies.append(ContinuousClock.now - start)
        }
        let followed = try burst(client, in: root + "/followed")
        Console.report("burst with \(subscriptions) subscriptions: \(Format.fixed(followed, 2)) s")
        drains.forEach { $0.client.hangUp() }
        listener.hangUp()
        let notified = drains.reduce(0) { $0 + $1.stop() }

        try benchRoot.remove(client: client)

        let report = SubscriptionsReport(
            subscriptions: subscriptions, samples: samples, latency: LatencySummary(latencies), burstFiles: burstFiles,
            burstSecondsWithout: plain, burstSecondsWith: followed, notifications: notified)
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: SubscriptionsReport.section, in: jsonPath)
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
    var burstSecondsWithout: Double
    var burstSecondsWith: Double
    /// Lines the other subscriptions' connections received.
    var notifications: Int

    /// Indexing throughput with the subscriptions, as a share of that without (target ≥ 0.9).
    var throughputRatio: Double { burstSecondsWithout / burstSecondsWith }

    var markdown: String {
        var table = MarkdownTable(header: ["measure", "value"])
        table.append(["file closed → notification: p50", Format.fixed(latency.p50Ms, 1) + " ms"])
        table.append(["file closed → notification: p99", Format.fixed(latency.p99Ms, 1) + " ms"])
        table.append(["file closed → notification: max", Format.fixed(latency.maxMs, 1) + " ms"])
        table.append(["burst of \(Format.count(burstFiles)), no subscription", Format.fixed(burstSecondsWithout, 2) + " s"])
        table.append(["burst of \(Format.count(burstFiles)), \(subscriptions) subscriptions", Format.fixed(burstSecondsWith, 2) + " s"])
        table.append(["indexing throughput with / without", Format.fixed(throughputRatio, 2) + "×"])
        table.append(["notifications to the other subscriptions", Format.count(notifications)])
        return """
            ## Subscriptions: from saving a file to its notification

            \(subscriptions) subscriptions open (one to a made-up word, timed over \(samples) new files; the others to \
            the latency queries, on four connections reading as they come). Throughput: \(Format.count(burstFiles)) \
            files written at once, timed until all are searchable, without then with the subscriptions.

            \(table.rendered)
            """
    }
}
