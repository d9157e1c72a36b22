import Foundation
import FuretDocuments
import FuretIndex
import FuretProtocol

/// `furet-bench freshness`: how soon a file saved in a watched folder can be found, alone and
/// in a burst.
///
/// Makes `--dir` anew, adds it as a root of the running daemon (`index`) and waits until the
/// daemon is idle: nothing pending, the new folder watched. (Adding a root restarts the
/// watcher, which then reconciles every root again; that setup is timed and reported too.)
///
/// - Samples: `--samples` times, writes a new file holding a made-up word (`zqx` and eight
///   random letters, in no corpus), closes it, starts the clock and searches for the word
///   every `--poll-ms` until the file is a hit. Between samples it waits a random 0–50 ms,
///   so that the samples do not all fall at one phase of the watcher's debounce timer.
/// - Burst: writes `--burst` files at once into a new subfolder, all holding one shared
///   made-up word, while one client searches the `--queries` in a loop. Timed from the first
///   write until `status` has nothing pending and a search for the shared word counts every
///   file; reports the loop's latencies over that time.
///
/// Finally forgets the root and deletes the folder, so that later sections see the daemon's
/// roots as they were.
struct FreshnessCommand {
    let socketPath: String
    let directory: String
    let samples: Int
    let burstFiles: Int
    let queryFiles: [String]
    let pollInterval: Duration
    let jsonPath: String?

    /// How long a file may take to become searchable before it counts as missed.
    private static let sampleTimeout: Duration = .seconds(10)
    private static let burstTimeout: Duration = .seconds(600)

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--socket", "--dir", "--samples", "--burst", "--queries", "--poll-ms", "--json"], flags: [])
        socketPath = try options.required("--socket")
        directory = try options.required("--dir")
        samples = try options.integer("--samples", default: 50, minimum: 1)
        burstFiles = try options.integer("--burst", default: 2_000, minimum: 1)
        queryFiles = try options.requiredList("--queries")
        pollInterval = .milliseconds(try options.integer("--poll-ms", default: 2, minimum: 1))
        jsonPath = options.value("--json")
    }

    func run() throws {
        let queries = try QueryLoad.readQueries(queryFiles)
        let client = try DaemonClient(socketPath: socketPath)
        let benchRoot = try BenchRoot(directory, client: client)
        let (root, setupSeconds) = (benchRoot.path, benchRoot.setupSeconds)
        Console.report("\(root) added as a root; daemon idle after \(Format.fixed(setupSeconds, 1)) s")

        var latencies: [Duration] = []
        for sample in 1...samples {
            blockingSleep(for: .milliseconds(Int.random(in: 0...50)))
            if let latency = try sampleFreshness(client, path: "\(root)/fresh-\(sample).txt") { latencies.append(latency) }
        }
        guard !latencies.isEmpty else { throw BenchError.timedOut("no file became searchable within \(Self.sampleTimeout)") }
        let burst = try measureBurst(client, in: root + "/burst", queries: queries)

        try benchRoot.remove(client: client)

        let report = FreshnessReport(
            setupSeconds: setupSeconds, samples: samples, missed: samples - latencies.count,
            pollMs: pollInterval.milliseconds, latency: LatencySummary(latencies), burst: burst)
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: FreshnessReport.section, in: jsonPath)
        }
    }

    /// Writes a file with a new word and times until a search finds it; `nil` when it is not
    /// found within ``sampleTimeout``.
    private func sampleFreshness(_ client: DaemonClient, path: String) throws(BenchError) -> Duration? {
        let word = Self.madeUpWord()
        try NewFile.write("Note de fraîcheur : le mot \(word) n’existe nulle part ailleurs.\n", to: path)
        let start = ContinuousClock.now
        while ContinuousClock.now - start < Self.sampleTimeout {
            if try client.call(SearchRequest(query: word, limit: 10)).hits.contains(where: { $0.path == path }) {
                return ContinuousClock.now - start
            }
            blockingSleep(for: pollInterval)
        }
        Console.report("warning: \(path) not searchable after \(Self.sampleTimeout)")
        return nil
    }

    private func measureBurst(_ client: DaemonClient, in folder: String, queries: [String]) throws -> FreshnessReport.Burst {
        let word = Self.madeUpWord()
        let loop = try QueryLoad.Loop(QueryLoad(socketPath: socketPath, queries: queries, limit: 10))
        let start = ContinuousClock.now
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        for file in 1...burstFiles {
            try NewFile.write(Self.burstText(file: file, word: word), to: "\(folder)/burst-\(file).txt")
        }
        let written = ContinuousClock.now
        Console.report("\(burstFiles) files written in \(Format.fixed((written - start).seconds, 2)) s")
        do {
            try BenchRoot.waitUntilSearchable(client, word: word, files: burstFiles, since: start, timeout: Self.burstTimeout)
        } catch {
            _ = try? loop.stop()
            throw error
        }
        let searchable = ContinuousClock.now
        let during = try loop.stop()
        return FreshnessReport.Burst(
            files: burstFiles, writeSeconds: (written - start).seconds, searchableSeconds: (searchable - start).seconds,
            afterLastWriteSeconds: (searchable - written).seconds,
            queriesDuring: during.latencies.isEmpty ? nil : LatencySummary(during.latencies), queryErrors: during.errors)
    }

    /// `zqx` and eight random lowercase letters: a word no corpus holds.
    static func madeUpWord() -> String {
        "zqx" + String((0..<8).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
    }

    /// A short French note of the burst, numbered, holding the burst's shared word.
    static func burstText(file: Int, word: String) -> String {
        """
        Compte rendu n° \(file)

        La réunion s’est tenue comme prévu ; les participants ont examiné le dossier \(word) \
        et relevé que les pièces transmises par l’administration étaient incomplètes. \
        Il a été convenu de demander les documents manquants avant la prochaine séance.

        """
    }
}

/// The `freshness` section.
struct FreshnessReport: BenchSection {
    static let section = "freshness"

    /// From the `index` request adding the folder to the daemon being idle again.
    var setupSeconds: Double
    var samples: Int
    /// Samples not searchable within the timeout (left out of ``latency``).
    var missed: Int
    var pollMs: Double
    /// From `close()` to the first search that finds the file.
    var latency: LatencySummary
    var burst: Burst

    struct Burst: Codable {
        var files: Int
        var writeSeconds: Double
        /// From the first write until every file is searchable.
        var searchableSeconds: Double
        var afterLastWriteSeconds: Double
        /// The concurrent query loop's latencies, from before the first write until then.
        var queriesDuring: LatencySummary?
        var queryErrors: Int
    }

    var markdown: String {
        var table = MarkdownTable(header: ["measure", "value"])
        table.append(["single file: p50", Format.fixed(latency.p50Ms, 1) + " ms"])
        table.append(["single file: p99", Format.fixed(latency.p99Ms, 1) + " ms"])
        table.append(["single file: max", Format.fixed(latency.maxMs, 1) + " ms"])
        table.append(["single file: missed (not found in 10 s)", "\(missed) of \(samples)"])
        table.append(["burst of \(Format.count(burst.files)): writing", Format.fixed(burst.writeSeconds, 2) + " s"])
        table.append(["burst: until all searchable (from first write)", Format.fixed(burst.searchableSeconds, 2) + " s"])
        table.append(["burst: after the last write", Format.fixed(burst.afterLastWriteSeconds, 2) + " s"])
        if let during = burst.queriesDuring {
            table.append(["burst: concurrent 1-client search p50 / p99 / max",
                "\(Format.fixed(during.p50Ms, 2)) / \(Format.fixed(during.p99Ms, 2)) / \(Format.fixed(during.maxMs, 1)) ms "
                + "(\(Format.count(during.count)) searches, \(burst.queryErrors) errors)"])
        }
        return """
            ## Freshness: from saving a file to finding it

            In a new folder added as a root of the running daemon (setup, including the daemon's \
            catch-up of every root after the change: \(Format.fixed(setupSeconds, 1)) s): \(samples) times, a new \
            file holding a made-up word is written and closed, then searched for every \(Format.fixed(pollMs, 0)) ms \
            until found. Burst: \(Format.count(burst.files)) files written at once into a new subfolder, timed until \
            `status` has nothing pending and a search counts them all, while one client searches in a loop.

            \(table.rendered)
            """
    }
}
