import FuretDocuments
import FuretIndex

/// Indexing folders from an empty index with a fresh furetd, measured from outside: what
/// `daemon-index` and `growth` report.
///
/// The clock starts just before furetd is launched and stops at the first `status` with
/// `pending == 0` (see ``DaemonProcess/waitUntilCaughtUp(_:since:timeout:)``); it includes
/// the daemon's start, its scan of the roots, reading (from the page cache once the files
/// have been read before), analysis and writing.
struct IndexBuild: Codable {
    var roots: [String]
    /// Files under the roots that furetd indexes (`.txt`, `.md`, `.html`), and their size.
    var files: Int
    var textBytes: Int
    /// Documents in the index once caught up.
    var documents: Int
    var seconds: Double
    /// From the same start until the daemon settled (within half a second), the segments of
    /// the build merged: a bulk load leaves them for the daemon to merge once idle. `nil` in
    /// reports written before it was measured.
    var mergedSeconds: Double?
    /// Text (file sizes) indexed per second, in MB (10^6 bytes).
    var megabytesPerSecond: Double
    var documentsPerSecond: Double
    /// The daemon's memory once caught up and settled (see
    /// ``DaemonProcess/waitUntilSettled(timeout:)``); its peak (VmHWM) is the peak while
    /// indexing and merging.
    var memory: ProcessMemory
    /// The database file and its WAL once settled, the daemon still running.
    var indexBytes: Int
    var walBytes: Int
    /// ``indexBytes`` over ``textBytes``.
    var indexToText: Double

    /// Deletes any index at `configuration.indexPath`, starts furetd on it with `roots`, and
    /// waits until it has indexed them. The daemon is left running.
    static func run(
        _ configuration: DaemonProcess.Configuration, roots: [String], timeout: Duration
    ) throws -> (daemon: DaemonProcess, build: IndexBuild) {
        let reader = DocumentReader()
        let files = roots.flatMap { FileSystem.scan($0).filter { reader.supports($0.path) } }
        let textBytes = files.reduce(0) { $0 + $1.stamp.size }
        DatabaseFiles.remove(configuration.indexPath)
        let start = ContinuousClock.now
        let daemon = try DaemonProcess.launch(configuration, roots: roots)
        let caughtUp = try daemon.waitUntilCaughtUp(daemon.connect(within: .seconds(60)), since: start, timeout: timeout)
        try daemon.waitUntilSettled(timeout: timeout)
        let merged = (ContinuousClock.now - start).seconds - DaemonProcess.settleWindow.seconds
        let memory = daemon.memory ?? caughtUp.memory
        let indexBytes = DatabaseFiles.bytes(configuration.indexPath)
        let build = IndexBuild(
            roots: roots, files: files.count, textBytes: textBytes, documents: caughtUp.status.documents,
            seconds: caughtUp.seconds, mergedSeconds: max(merged, caughtUp.seconds),
            megabytesPerSecond: Double(textBytes) / 1e6 / caughtUp.seconds,
            documentsPerSecond: Double(caughtUp.status.documents) / caughtUp.seconds, memory: memory,
            indexBytes: indexBytes, walBytes: DatabaseFiles.walBytes(configuration.indexPath),
            indexToText: Double(indexBytes) / Double(textBytes))
        if build.documents != build.files {
            Console.report("warning: \(build.documents) documents for \(build.files) files (see the daemon's log)")
        }
        return (daemon, build)
    }
}
