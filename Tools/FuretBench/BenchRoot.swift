import Foundation
import FuretDocuments
import FuretProtocol

/// A folder made anew and added as a root of the running daemon, for a section that writes
/// files into it and times how the daemon follows.
struct BenchRoot {
    let path: String
    /// Directories the daemon watched before the root was added.
    private let watchedBefore: Int
    /// How long the daemon may take, from the `index` request, to be idle and watching it.
    let setupSeconds: Double

    /// Makes `directory` anew, adds it as a root and waits until the daemon is idle. (Adding a
    /// root restarts the watcher, which then reconciles every root again.)
    init(_ directory: String, client: DaemonClient) throws {
        try? FileManager.default.removeItem(atPath: directory)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let root = FileSystem.resolve(directory) else { throw BenchError.badInput(path: directory, reason: "cannot be made") }
        path = root
        let start = ContinuousClock.now
        watchedBefore = try client.call(StatusRequest()).watchedDirectories
        _ = try client.call(IndexRequest(paths: [root]))
        try Self.waitUntilIdle(client, watching: watchedBefore + 1)
        setupSeconds = (ContinuousClock.now - start).seconds
    }

    /// Forgets the root and deletes the folder, so that later sections see the daemon's roots
    /// as they were.
    func remove(client: DaemonClient) throws {
        _ = try client.call(ForgetRequest(paths: [path]))
        try FileManager.default.removeItem(atPath: path)
        try Self.waitUntilIdle(client, watching: watchedBefore)
    }

    /// Polls every 10 ms until `status` has nothing pending and a search for `word` counts
    /// `files`; throws once `timeout` has passed since `start`.
    static func waitUntilSearchable(
        _ client: DaemonClient, word: String, files: Int, since start: ContinuousClock.Instant, timeout: Duration
    ) throws {
        while try client.call(StatusRequest()).pending != 0 || client.call(SearchRequest(query: word, limit: 1)).total != files {
            guard ContinuousClock.now - start < timeout else {
                throw BenchError.timedOut("\(files) files written at once not all searchable after \(timeout)")
            }
            blockingSleep(for: .milliseconds(10))
        }
    }

    /// Polls `status` every 10 ms until nothing is pending and at least `directories` are
    /// watched, twice in a row 0.5 s apart (a root change restarts the watcher, whose catch-up
    /// starts only once it watches every folder).
    private static func waitUntilIdle(_ client: DaemonClient, watching directories: Int) throws(BenchError) {
        let deadline = ContinuousClock.now + .seconds(600)
        var idleSince: ContinuousClock.Instant?
        while true {
            let status = try client.call(StatusRequest())
            let now = ContinuousClock.now
            if status.pending == 0, status.watchedDirectories >= directories {
                if let idleSince, now - idleSince >= .milliseconds(500) { return }
                idleSince = idleSince ?? now
            } else {
                idleSince = nil
            }
            guard now < deadline else { throw .timedOut("the daemon is not idle (\(status.pending) pending)") }
            blockingSleep(for: .milliseconds(10))
        }
    }
}
