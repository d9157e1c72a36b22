import Foundation
import FuretCluster
import FuretDocuments
import FuretIndex
import Logging
import Synchronization

/// The engine of `furetd --shards`: files are read and analysed here, and written to and
/// searched on Xapian remote shards through a ``ClusterRouter`` (issue 20).
///
/// What the shards hold is the documents; what this machine's daemon knows of the files —
/// the roots and each file's stamp at its last reading — is kept in memory, so a restarted
/// router reads its roots' files again. Standing queries and `analyze` are the local
/// engine's only (they are refused with a clear error).
package final class ClusterEngine: SearchEngine {
    package let router: ClusterRouter
    private let reader: DocumentReader
    private let logger: Logger
    package let pending = PendingWork()

    private struct State {
        var roots: Set<String> = []
        /// The stamp of each file written to the shards at its last reading.
        var stamps: [String: FileStamp] = [:]
    }

    private let state = Mutex(State())

    /// Files written to the shards per call: each call is one commit per shard.
    static let batchSize = 64

    package init(router: ClusterRouter, reader: DocumentReader, logger: Logger) {
        self.router = router
        self.reader = reader
        self.logger = logger
    }

    // MARK: Searching

    /// The router counts every match (Xapian's `check_at_least` is the cluster's size), so
    /// `exactTotal` asks for nothing more and the total is never a lower bound.
    package func search(
        _ query: String, limit: Int, offset: Int, order: SearchOrder, lines: Bool, exactTotal: Bool,
        deadline: SearchDeadline
    ) throws -> RankedResults {
        guard order == .relevance else { throw ClusterError.unsupported("sorting by anything but relevance") }
        let found = try router.search(query, limit: limit, offset: offset)
        if found.isPartial {
            logger.warning("search answered without some shards", metadata: ["missing": "\(found.missingShards.map(\.description))"])
        }
        var results = found.results
        results.missingShards = found.missingShards.map(\.description)
        return results
    }

    package func analyze(_ text: String, asQuery: Bool) throws -> [TokenExplanation] {
        throw ClusterError.unsupported("analyze")
    }

    package func follow(_ query: String, deliver: @escaping @Sendable ([StandingQuery.Match]) -> Void) throws -> any FollowedQuery {
        throw ClusterError.unsupported("following a query")
    }

    // MARK: Roots

    package func roots() throws -> [String] { state.withLock { $0.roots.sorted() } }

    @discardableResult
    package func addRoots(_ paths: [String]) throws -> [String] {
        state.withLock { state in paths.filter { state.roots.insert($0).inserted } }
    }

    package func forget(_ paths: [String]) throws -> Int {
        let gone = state.withLock { state -> [String] in
            for path in paths { state.roots.remove(path) }
            let gone = state.stamps.keys.filter { file in paths.contains { PathRules.contains(root: $0, path: file) } }
            for file in gone { state.stamps[file] = nil }
            return gone
        }
        router.remove(paths: gone)
        return gone.count
    }

    // MARK: Indexing

    package func announceReconcile(root: String) {}

    package func withdrawReconcile(root: String) {}

    @discardableResult
    package func reconcile(root: String) async throws -> Int {
        let found = await scan(root)
        let known = state.withLock { state in state.stamps.filter { PathRules.contains(root: root, path: $0.key) } }
        let current = Set(found.map(\.path))
        let gone = known.keys.filter { !current.contains($0) }
        let changed = found.filter { known[$0.path] != $0.stamp }
        try await write(changed)
        await remove(gone)
        return changed.count + gone.count
    }

    @discardableResult
    package func update(paths: [String]) async throws -> Int {
        var present: [FoundFile] = []
        var gone: [String] = []
        for path in paths {
            if let stamp = FileSystem.stamp(ofRegularFile: path), reader.supports(path) {
                present.append(FoundFile(path: path, stamp: stamp))
            } else {
                gone.append(path)
            }
        }
        try await write(present)
        await remove(gone)
        return present.count + gone.count
    }

    package func apply(_ changes: [IndexChange]) async throws {
        for change in changes {
            switch change {
            case .upsert(let file):
                await BlockingCall.run { [router] in _ = router.write([file]) }
                state.withLock { $0.stamps[file.path] = FileStamp(size: file.size, mtime: file.mtime) }
            case .touch(let path, let stamp): state.withLock { $0.stamps[path] = stamp }
            case .skip(let path, _, _), .remove(let path): await remove([path])
            case .move(let from, let to):
                let moved = state.withLock { state in state.stamps.keys.filter { PathRules.contains(root: from, path: $0) } }
                await remove(moved)
                try await update(paths: moved.map { to + $0.dropFirst(from.count) })
            }
        }
    }

    package func filesNotIndexed(under root: String) async throws -> Int {
        let found = await scan(root)
        let known = state.withLock { state in state.stamps.filter { PathRules.contains(root: root, path: $0.key) } }
        let changed = found.filter { known[$0.path] != $0.stamp }.count
        return changed + Set(known.keys).subtracting(found.map(\.path)).count
    }

    package func useIdleTime(while stillIdle: @escaping @Sendable () -> Bool) async {}

    package func close() async {
        router.flushPending()
    }

    // MARK: State

    package func contents(roots: [String]) throws -> EngineContents {
        let shards = router.status()
        return EngineContents(documents: shards.reduce(0) { $0 + ($1.documents ?? 0) }, bytes: 0, skipped: [:], progress: [],
                              shards: shards)
    }

    package var location: String? { router.shards.map(\.description).joined(separator: ",") }

    package var hasMetDamage: Bool { false }

    // MARK: Files

    /// The files under `root` that the reader supports. Walking a tree blocks on the disk:
    /// off the cooperative pool, as every blocking call of this engine's async methods.
    private func scan(_ root: String) async -> [FoundFile] {
        await BlockingCall.run { [reader] in FileSystem.scan(root).filter { reader.supports($0.path) } }
    }

    /// Reads `files` and writes them to the shards, a batch at a time; a file that cannot be
    /// read is dropped from the shards.
    private func write(_ files: [FoundFile]) async throws {
        pending.begin(files.count)
        var start = 0
        while start < files.count {
            try Task.checkCancellation()
            let batch = Array(files[start..<min(start + Self.batchSize, files.count)])
            // Reading blocks on the disk (or a PDF's helper), writing to shards on the network
            // up to the read timeout.
            let (waiting, unreadable) = await BlockingCall.run { [router, reader] in
                var documents: [IndexedDocument] = []
                var unreadable: [String] = []
                for file in batch {
                    do {
                        documents.append(IndexedDocument(try reader.read(file.path, stamp: file.stamp)))
                    } catch {
                        unreadable.append(file.path)
                    }
                }
                return (router.write(documents), unreadable)
            }
            if !waiting.isEmpty {
                logger.warning("shards unreachable: their files are written once they answer", metadata: ["shards": "\(waiting.map(\.description))"])
            }
            await remove(unreadable)
            state.withLock { state in for file in batch where !unreadable.contains(file.path) { state.stamps[file.path] = file.stamp } }
            pending.finish(batch.count)
            start += batch.count
        }
    }

    /// Removes files from the shards: a commit, which blocks on the network up to the read
    /// timeout.
    private func remove(_ paths: [String]) async {
        guard !paths.isEmpty else { return }
        await BlockingCall.run { [router] in _ = router.remove(paths: paths) }
        state.withLock { state in for path in paths { state.stamps[path] = nil } }
    }
}
