import Foundation
import FuretProtocol

/// `furet-bench reconcile`: the daemon's startup catch-up over unchanged trees.
///
/// Stops the running daemon (`shutdown`), restarts it on the same index without roots on its
/// command line (it resumes the roots it remembers) and without any file having changed, and
/// times from its launch until `status` has nothing pending: the scan and comparison of every
/// file's size and mtime with the index. The daemon is left running, its new pid in
/// `--pid-file`.
struct ReconcileCommand {
    let configuration: DaemonProcess.Configuration
    let pidFile: String
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--furetd", "--socket", "--index", "--log", "--pid-file", "--json"], flags: [])
        configuration = try DaemonProcess.Configuration(options)
        pidFile = try options.required("--pid-file")
        jsonPath = options.value("--json")
    }

    func run() throws {
        let running = try DaemonProcess.attach(pidFile: pidFile, socketPath: configuration.socketPath)
        let before = try running.connect(within: .seconds(5)).call(StatusRequest())
        let shutdownSeconds = try running.shutdown(timeout: .seconds(120))
        let closedIndexBytes = DatabaseFiles.bytes(configuration.indexPath)

        let start = ContinuousClock.now
        let daemon = try DaemonProcess.launch(configuration, roots: [])
        try daemon.writePID(to: pidFile)
        let caughtUp = try daemon.waitUntilCaughtUp(daemon.connect(within: .seconds(60)), since: start, timeout: .seconds(3600))
        let fullBuild = jsonPath.flatMap { try? BenchReport.section(DaemonIndexReport.self, in: $0) }
        let report = ReconcileReport(
            roots: caughtUp.status.roots, documentsBefore: before.documents, documentsAfter: caughtUp.status.documents,
            shutdownSeconds: shutdownSeconds, closedIndexBytes: closedIndexBytes, seconds: caughtUp.seconds,
            fullBuildSeconds: fullBuild?.build.seconds, memory: caughtUp.memory)
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: ReconcileReport.section, in: jsonPath)
        }
    }
}

/// The `reconcile` section.
struct ReconcileReport: BenchSection {
    static let section = "reconcile"

    var roots: [String]
    var documentsBefore: Int
    var documentsAfter: Int
    /// From the `shutdown` request to the process's end.
    var shutdownSeconds: Double
    /// The index once the daemon has stopped (its WAL checkpointed).
    var closedIndexBytes: Int
    /// From the restart to nothing pending.
    var seconds: Double
    /// The full build of `daemon_index` in the same report, if it ran.
    var fullBuildSeconds: Double?
    /// The restarted daemon's memory once caught up.
    var memory: ProcessMemory

    /// ``seconds`` over the full build's.
    var fractionOfFullBuild: Double? { fullBuildSeconds.map { seconds / $0 } }

    var markdown: String {
        var table = MarkdownTable(header: ["measure", "value"])
        table.append(["catch-up after restart", Format.fixed(seconds, 2) + " s"])
        if let fullBuildSeconds, let fraction = fractionOfFullBuild {
            table.append(["… of the full build (\(Format.fixed(fullBuildSeconds, 1)) s)", Format.fixed(fraction * 100, 1) + " %"])
        }
        table.append(["documents before / after", "\(Format.count(documentsBefore)) / \(Format.count(documentsAfter))"])
        table.append(["shutdown", Format.fixed(shutdownSeconds, 2) + " s"])
        table.append(["index once closed", Format.megabytes(closedIndexBytes)])
        table.append(["RSS after the catch-up (peak)", "\(Format.megabytes(memory.residentBytes)) "
            + "(\(Format.megabytes(memory.peakResidentBytes)))"])
        return """
            ## Restart over unchanged files

            The daemon is stopped with `shutdown` and started again on the same index, with no root \
            on its command line (it resumes \(roots.count) remembered roots) and no file changed; timed \
            from its launch to the first `status` with `pending == 0`.

            \(table.rendered)
            """
    }
}
