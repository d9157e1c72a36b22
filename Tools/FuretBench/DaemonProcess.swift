import Foundation
import FuretProtocol
import Glibc

/// A furetd process started for a benchmark and shared by later furet-bench commands.
///
/// `Tools/bench` runs one furet-bench command per section, so the daemon outlives the command
/// that launched it: its pid goes to a file, from which later commands ``attach(pidFile:socketPath:)``
/// to it, and `furet-bench stop` (or the script's exit trap) ends it.
///
/// ```swift
/// let start = ContinuousClock.now
/// let daemon = try DaemonProcess.launch(configuration, roots: ["/data/eltec-fr"])
/// let client = try daemon.connect(within: .seconds(30))
/// let caughtUp = try daemon.waitUntilCaughtUp(client, since: start, timeout: .seconds(3600))
/// ```
struct DaemonProcess {
    /// Where a daemon serves, keeps its index and logs.
    struct Configuration {
        /// The furetd executable.
        var executable: String
        var socketPath: String
        var indexPath: String
        /// Its standard error, appended to.
        var logPath: String
        /// `HOST:PORT,…`: the daemon routes to these Xapian shards (`furetd --shards`) and
        /// leaves ``indexPath`` unused.
        var shards: String? = nil
    }

    /// The state of a daemon that has nothing left pending.
    struct CatchUp {
        /// From the given start to the first `status` with `pending == 0`.
        var seconds: Double
        var status: IndexStatus
        var memory: ProcessMemory
    }

    let pid: Int32
    let socketPath: String
    /// Its log, when this process launched it.
    let logPath: String?

    /// Starts furetd on `configuration` with `roots` (none: the roots remembered in the index).
    ///
    /// The daemon is not stopped when furet-bench exits.
    static func launch(_ configuration: Configuration, roots: [String]) throws -> DaemonProcess {
        let log = configuration.logPath
        guard FileManager.default.fileExists(atPath: log) || FileManager.default.createFile(atPath: log, contents: nil),
              let logHandle = FileHandle(forWritingAtPath: log) else {
            throw BenchError.badInput(path: log, reason: "cannot write the daemon's log")
        }
        logHandle.seekToEndOfFile()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: configuration.executable)
        process.arguments = ["--socket", configuration.socketPath, "--index", configuration.indexPath]
            + (configuration.shards.map { ["--shards", $0] } ?? []) + roots
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = logHandle
        process.standardError = logHandle
        try process.run()
        return DaemonProcess(pid: process.processIdentifier, socketPath: configuration.socketPath, logPath: log)
    }

    /// The daemon whose pid `pidFile` holds, serving on `socketPath`.
    ///
    /// - Throws: ``BenchError/daemonExited(pid:log:)`` when it no longer runs.
    static func attach(pidFile: String, socketPath: String) throws(BenchError) -> DaemonProcess {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw .badInput(path: pidFile, reason: "no daemon pid (start one with furet-bench daemon-index)")
        }
        let daemon = DaemonProcess(pid: pid, socketPath: socketPath, logPath: nil)
        try daemon.checkRunning()
        return daemon
    }

    /// Records the pid for later commands.
    func writePID(to pidFile: String) throws {
        try Data("\(pid)\n".utf8).write(to: URL(fileURLWithPath: pidFile))
    }

    /// Whether the process exists and is not a zombie.
    var isRunning: Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.range(of: ") ", options: .backwards) else { return false }
        let state = stat[afterName.upperBound...].first
        return state != "Z" && state != "X"
    }

    /// - Throws: ``BenchError/daemonExited(pid:log:)`` when the process is gone.
    func checkRunning() throws(BenchError) {
        guard isRunning else { throw .daemonExited(pid: pid, log: logPath) }
    }

    var memory: ProcessMemory? { ProcessMemory.read(pid: pid) }

    /// A connection, once the daemon listens.
    func connect(within timeout: Duration) throws(BenchError) -> DaemonClient {
        try DaemonClient.connect(socketPath: socketPath, within: timeout, isAlive: checkRunning)
    }

    /// Polls `status` until nothing is pending.
    ///
    /// Polls every 10 ms at first, then every 1 % of the time elapsed (at most every second),
    /// so that polling costs the daemon little and the time measured is at most about 1 %
    /// late. The daemon counts its startup catch-up as pending from before it serves, so a
    /// first `pending == 0` is never premature.
    ///
    /// - Throws: ``BenchError/daemonExited(pid:log:)`` when the daemon dies meanwhile,
    ///   ``BenchError/timedOut(_:)`` after `timeout`.
    func waitUntilCaughtUp(_ client: DaemonClient, since start: ContinuousClock.Instant, timeout: Duration) throws(BenchError) -> CatchUp {
        while true {
            let status: IndexStatus
            do {
                status = try client.call(StatusRequest())
            } catch {
                try checkRunning()
                throw error
            }
            let elapsed = ContinuousClock.now - start
            if status.pending == 0, let memory {
                return CatchUp(seconds: elapsed.seconds, status: status, memory: memory)
            }
            guard elapsed < timeout else { throw .timedOut("furetd still has \(status.pending) pending after \(timeout)") }
            try checkRunning()
            blockingSleep(for: min(max(.milliseconds(10), elapsed / 100), .seconds(1)))
        }
    }

    /// Waits until the daemon does nothing: its CPU time (`/proc/PID/stat`, user and system)
    /// grows by less than 10 ms in ``settleWindow``, which it returns at the end of. Once
    /// caught up, furetd may still merge the index's segments in the background; memory and
    /// size are measured after that.
    ///
    /// - Throws: ``BenchError/timedOut(_:)`` when it is still busy after `timeout`.
    func waitUntilSettled(timeout: Duration) throws(BenchError) {
        let start = ContinuousClock.now
        var previous = cpuTicks
        while ContinuousClock.now - start < timeout {
            blockingSleep(for: Self.settleWindow)
            let current = cpuTicks
            // Clock ticks are hundredths of a second on Linux.
            if let current, let last = previous, current - last < 1 { return }
            previous = current
        }
        throw .timedOut("furetd (pid \(pid)) still busy after \(timeout)")
    }

    /// How long the daemon's CPU time must stand still for it to have settled.
    static let settleWindow = Duration.milliseconds(500)

    /// The process's user and system CPU time, in clock ticks; `nil` when it is gone.
    private var cpuTicks: Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let afterName = stat.lastIndex(of: ")") else { return nil }
        // Fields after the name: state is field 3; utime and stime are fields 14 and 15.
        let fields = stat[stat.index(after: afterName)...].split(separator: " ")
        guard fields.count > 12, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return user + system
    }

    /// Sends `shutdown` and waits for the process to end; returns the seconds it took.
    ///
    /// - Throws: ``BenchError/timedOut(_:)`` when it still runs after `timeout`.
    @discardableResult
    func shutdown(timeout: Duration) throws(BenchError) -> Double {
        let start = ContinuousClock.now
        _ = try connect(within: .seconds(5)).call(ShutdownRequest())
        while isRunning {
            guard ContinuousClock.now - start < timeout else { throw .timedOut("furetd (pid \(pid)) still runs after shutdown") }
            blockingSleep(for: .milliseconds(10))
        }
        return (ContinuousClock.now - start).seconds
    }
}
