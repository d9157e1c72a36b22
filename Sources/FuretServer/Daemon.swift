import CMalloc
import Dispatch
import Foundation
import FuretDocuments
import FuretIndex
public import Logging

/// The daemon's lifecycle: open the index, listen, watch and index the roots, serve until
/// SIGTERM, SIGINT or a `shutdown` request, then stop cleanly.
public enum Daemon {
    /// Runs the daemon until it is asked to stop.
    ///
    /// Shutdown: stop accepting connections, let requests in flight finish and be answered,
    /// stop indexing after the batch being written commits, remove the socket file, return.
    public static func run(
        socketPath: String, indexPath: String, roots: [String], reader: DocumentReader, logger: Logger
    ) async throws {
        furet_limit_malloc_arenas(2)
        try FileManager.default.createDirectory(
            atPath: (indexPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let index = try SearchIndex(path: indexPath, logger: logger)
        let service = FuretService(index: index, indexer: Indexer(index: index, reader: reader, logger: logger), logger: logger)
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
        let given = try roots.map { path in
            guard let real = FileSystem.resolve(path) else { throw ServiceError.notFound(path) }
            return real
        }
        try index.addRoots(given)
        // Made before serving, so `pending` covers the first catch-up from the start.
        let watcher = RootWatcher(service: service, logger: logger)
        server.start()
        logger.info("furetd serving", metadata: ["socket": "\(socketPath)", "index": "\(indexPath)"])

        await withDiscardingTaskGroup { group in
            group.addTask { await service.runJobs() }
            group.addTask { await watcher.run() }
            for await _ in stopRequests { break }
            logger.info("furetd stopping")
            server.stop()
            group.cancelAll()
        }
        // The log's pages go into the database, so that the index is one file at rest.
        await index.checkpoint()
        logger.info("furetd stopped")
    }
}
