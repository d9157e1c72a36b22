import CMalloc
import Dispatch
import Foundation
import FuretCluster
import FuretDocuments
import FuretIndex
import FuretLemmas
import Logging

/// The daemon's lifecycle: open the index, listen, watch and index the roots, serve until
/// SIGTERM, SIGINT or a `shutdown` request, then stop cleanly.
package enum Daemon {
    /// Moves the documents of the shards `old` to their shard in `new` (``ClusterRehash``),
    /// then lets the router's state beside `indexPath` keep its stamps for `new`: every file
    /// is where a router over `new` looks for it, so none is written again.
    package static func rehash(from old: String, to new: String, indexPath: String, logger: Logger) throws -> ClusterRehash.Counts {
        let from = try ShardList(old).primaries
        let to = try ShardList(new).primaries
        let counts = try ClusterRehash(from: from, to: to).run { counts in
            logger.info("rehash", metadata: ["documents": "\(counts.documents)", "moved": "\(counts.moved)"])
        }
        try ClusterState.rehashed(path: ClusterState.path(besideIndex: indexPath), from: from, to: to)
        return counts
    }

    /// Runs the daemon until it is asked to stop.
    ///
    /// Shutdown: stop accepting connections, let requests in flight finish and be answered,
    /// stop indexing after the batch being written commits, remove the socket file, return;
    /// whatever is still running after ``shutdownDeadline`` is abandoned by ending the process.
    ///
    /// With `shards` (`HOST:PORT,…`), the documents live on Xapian remote shards and this
    /// daemon is their router (``ClusterEngine``); its state is then kept beside `indexPath`
    /// (``ClusterState/path(besideIndex:)``).
    package static func run(
        socketPath: String, indexPath: String, shards: String? = nil, roots: [String], reader: DocumentReader, logger: Logger
    ) async throws {
        furet_limit_malloc_arenas(Int32(clamping: mallocArenas))
        // Before the index: a second daemon must leave the first one's index alone, and a
        // folder that cannot be served in must not leave a new index behind.
        try SocketServer.claim(socketPath)
        let engine: any SearchEngine
        var problem: IndexProblem?
        if let shards {
            let statePath = ClusterState.path(besideIndex: indexPath)
            try IndexLocation.prepare(statePath)
            let list = try ShardList(shards)
            engine = try ClusterEngine(router: try ClusterRouter(shards: list.primaries, replicas: list.replicas), reader: reader,
                                       logger: logger, statePath: statePath)
        } else {
            try IndexLocation.prepare(indexPath)
            // The index opens, and its files start going to the extraction helpers, while
            // the lemma dictionary loads.
            LemmaDictionary.loadInBackground { error in
                logger.error("lemmas are off: \(error)")
            }
            let opened = try IndexOpening.open(indexPath, logger: logger)
            engine = LocalEngine(index: opened.index, indexer: Indexer(index: opened.index, reader: reader, logger: logger), logger: logger)
            problem = opened.problem
        }
        let service = FuretService(engine: engine, logger: logger)
        if let problem { service.report(problem) }
        let (stopRequests, requestStop) = AsyncStream.makeStream(of: Void.self)
        let handler = RequestHandler(service: service, logger: logger) { requestStop.yield() }
        let server = try SocketServer(path: socketPath, handler: handler, logger: logger)
        let signals = [SIGTERM, SIGINT].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber)
            source.setEventHandler { requestStop.yield() }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }

        // Roots given here join the remembered ones; the watcher reconciles them all once
        // every folder is watched.
        try engine.addRoots(try FuretService.resolve(roots))
        // Made before serving, so `pending` covers the first catch-up from the start.
        let watcher = RootWatcher(service: service, logger: logger)
        server.start()
        logger.info("furetd serving", metadata: ["socket": "\(socketPath)", "index": "\(engine.location ?? indexPath)"])

        await withDiscardingTaskGroup { group in
            group.addTask { await service.runJobs() }
            group.addTask { await watcher.run() }
            group.addTask { await service.watchDiskSpace() }
            for await _ in stopRequests { break }
            logger.info("furetd stopping")
            armShutdownDeadline(server: server, logger: logger)
            // Waiting for the connections to drain blocks: not on a thread of the pool.
            await BlockingCall.run { server.stop() }
            group.cancelAll()
        }
        // The log's pages go into the database, so that the index is one file at rest.
        await engine.close()
        logger.info("furetd stopped")
    }

    /// How long a stop may take, from the request to the process's exit.
    static let shutdownDeadline: Duration = .milliseconds(4_500)

    /// glibc's malloc arenas: two per core. glibc's own cap, eight per core, let a thread per
    /// client connection multiply the resident size under load; one per core made a bulk
    /// load's threads (reading, analysis, the writer) wait on the arenas' locks. 1M growth set
    /// from empty on 2 cores, two runs alternating two caps: 2 arenas 86.6, 77.8 s to
    /// `pending == 0` against 8 arenas 71.0, 69.9 s; 4 arenas 75.7, 66.1 s against 8 arenas
    /// 71.2, 66.0 s; peak resident 390–405, 418–438 and 454–487 MB. Under 32 clients on the
    /// 1M index for 25 s, 4 arenas ended at 90 MB resident, 2 at 104 MB.
    static var mallocArenas: Int { 2 * ProcessInfo.processInfo.activeProcessorCount }

    /// Ends the process if the clean stop has not finished by ``shutdownDeadline``: a client
    /// that never reads, a query deep in SQLite or a long batch must not keep a daemon that was
    /// asked to stop (systemd would kill it, and a supervisor could not restart it meanwhile).
    /// The index stays whole, as after `kill -9`: SQLite's write-ahead log keeps every
    /// committed batch and drops the one being written, which the next start reads again.
    private static func armShutdownDeadline(server: SocketServer, logger: Logger) {
        Thread.detachNewThread {
            let (seconds, microseconds) = shutdownDeadline.timeval
            usleep(UInt32(seconds * 1_000_000 + microseconds))
            logger.warning("furetd did not stop cleanly within \(shutdownDeadline); exiting now")
            server.removeSocketFile()
            _exit(0)
        }
    }
}
