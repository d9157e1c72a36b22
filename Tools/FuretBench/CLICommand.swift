import Foundation
import Glibc

/// `furet-bench cli`: the whole-process time of `furet search QUERY` against a running daemon:
/// start, connect, search, print, exit.
///
/// With `--hyperfine PATH`, runs `hyperfine -N --runs N --warmup W --export-json …` and reads
/// the times from its export; otherwise spawns `furet` itself (`posix_spawn`, output to
/// `/dev/null`) `--warmup` times, then `--runs` times, each timed on the monotonic clock from
/// spawning to reaping. Every run must exit with 0, so the query must have hits.
struct CLICommand {
    let furet: String
    let socketPath: String
    let query: String
    let runs: Int
    let warmup: Int
    let hyperfine: String?
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--furet", "--socket", "--query", "--runs", "--warmup", "--hyperfine", "--json"], flags: [])
        furet = try options.required("--furet")
        socketPath = try options.required("--socket")
        query = try options.required("--query")
        runs = try options.integer("--runs", default: 200, minimum: 2)
        warmup = try options.integer("--warmup", default: 10)
        hyperfine = options.value("--hyperfine")
        jsonPath = options.value("--json")
    }

    private var command: [String] { [furet, "search", "--socket", socketPath, query] }

    func run() throws {
        let (tool, seconds) = try hyperfine.map { try ("hyperfine", timeWithHyperfine($0)) } ?? ("furet-bench", timeBySpawning())
        let report = CLIReport(tool: tool, command: command, times: seconds.map { $0 * 1e3 })
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: CLIReport.section, in: jsonPath)
        }
    }

    /// The seconds of each run, as hyperfine measured them.
    private func timeWithHyperfine(_ hyperfine: String) throws -> [Double] {
        let export = FileManager.default.temporaryDirectory.appendingPathComponent("furet-bench-hyperfine-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: export) }
        // -N runs the command without a shell, splitting it like a shell would: quote each word.
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: #"'\''"#) + "'" }.joined(separator: " ")
        let arguments = ["-N", "--runs", "\(runs)", "--warmup", "\(warmup)", "--style", "none",
                         "--export-json", export.path, quoted]
        let status = try Self.spawn(hyperfine, arguments, output: FileHandle.standardError.fileDescriptor)
        guard status == 0 else { throw BenchError.programFailed("hyperfine \(quoted)", status: status) }
        let results = try JSONDecoder().decode(HyperfineExport.self, from: Data(contentsOf: export)).results
        guard let times = results.first?.times, times.count == runs else {
            throw BenchError.badInput(path: export.path, reason: "no times of \(runs) runs")
        }
        return times
    }

    private struct HyperfineExport: Decodable {
        var results: [Result]

        struct Result: Decodable {
            var times: [Double]
        }
    }

    /// The seconds of each run, spawned and timed here.
    private func timeBySpawning() throws -> [Double] {
        let devNull = open("/dev/null", O_WRONLY | O_CLOEXEC)
        guard devNull >= 0 else { throw BenchError.systemCall("open /dev/null", errno: errno) }
        defer { close(devNull) }
        var seconds: [Double] = []
        for run in 0..<(warmup + runs) {
            let start = ContinuousClock.now
            let status = try Self.spawn(furet, Array(command.dropFirst()), output: devNull)
            let elapsed = ContinuousClock.now - start
            guard status == 0 else { throw BenchError.programFailed(command.joined(separator: " "), status: status) }
            if run >= warmup { seconds.append(elapsed.seconds) }
        }
        return seconds
    }

    /// Runs `program` with `arguments`, its standard output to `output`, and returns its exit status.
    private static func spawn(_ program: String, _ arguments: [String], output: Int32) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, output, STDOUT_FILENO)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let error = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard error == 0 else { throw BenchError.systemCall("posix_spawn \(program)", errno: error) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw BenchError.systemCall("waitpid", errno: errno) }
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import: low 7 bits 0 when exited.
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}

/// The `cli` section.
struct CLIReport: BenchSection {
    static let section = "cli"

    /// What timed the runs: `hyperfine` or `furet-bench`.
    var tool: String
    var command: [String]
    var runs: Int
    /// Median and range, in milliseconds.
    var milliseconds: Spread
    var meanMs: Double
    /// The sample standard deviation, as hyperfine reports it.
    var stddevMs: Double

    init(tool: String, command: [String], times: [Double]) {
        self.tool = tool
        self.command = command
        runs = times.count
        milliseconds = Spread(times)
        meanMs = times.reduce(0, +) / Double(times.count)
        let mean = meanMs
        stddevMs = (times.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(times.count - 1)).squareRoot()
    }

    var markdown: String {
        """
        ## The `furet` client, whole process

        `\(command.joined(separator: " "))` against the running daemon, \(runs) runs timed by \(tool) \
        (warm-up runs first): median \(Format.fixed(milliseconds.median, 2)) ms, mean \
        \(Format.fixed(meanMs, 2)) ± \(Format.fixed(stddevMs, 2)) ms, range \(Format.fixed(milliseconds.min, 2))–\
        \(Format.fixed(milliseconds.max, 2)) ms.
        """
    }
}
