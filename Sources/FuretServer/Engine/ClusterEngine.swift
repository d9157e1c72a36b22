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
/// the roots and each file's stamp as its shard last committed it — is kept in memory and in
/// a ``ClusterState``, so that a restarted router sends only what changed. Standing queries
/// are evaluated on the shards around each write (``ClusterStandingQueries``).
package final class ClusterEngine: SearchEngine {
    package let router: ClusterRouter
    private let reader: DocumentReader
    private let logger: Logger
    package let pending = PendingWork()
    private let standing: ClusterStandingQueries
    private let store: ClusterState

    private struct State {
        var roots: Set<String> = []
        /// The stamp of each file as its shard last committed it (``ClusterState/unsent``
        /// while its last change waits for its shard).
        var stamps: [String: FileStamp] = [:]
    }

    private let state: Mutex<State>

    /// The most files, and the most text (UTF-8 bytes of their documents), written to the
    /// shards per call: each call is one commit per shard, and a Xapian commit syncs its files
    /// and rewrites the blocks of every term its documents hold, so a bulk load goes at the
    /// pace of its commits with small batches. 10,483 growth paragraphs through 3 shards, 64
    /// files a batch against 1,024, back to back at load 4: 18.3–20.2 s against 10.2–10.9 s;
    /// 4,096 gained nothing more. The bytes bound what a batch of long files holds in memory,
    /// as the local engine's ``Indexer/batchBytes``.
    static let batchFiles = 1_024
    static let batchBytes = 8 << 20

    /// An engine over `router` whose roots and stamps persist in the file at `statePath`
    /// (``ClusterState``), or in memory only when `nil`.
    /// - Throws: GRDB's `DatabaseError` when the state file cannot be opened.
    package init(router: ClusterRouter, reader: DocumentReader, logger: Logger, statePath: String?) throws {
        self.router = router
        self.reader = reader
        self.logger = logger
        standing = ClusterStandingQueries(logger: logger)
        store = try ClusterState(path: statePath, shards: router.shards)
        state = Mutex(State(roots: try store.roots(), stamps: try store.stamps()))
    }

    // MARK: Searching

    /// The router counts every match (Xapian's `check_at_least` is the cluster's size), so
    /// `exactTotal` asks for nothing more and the total is never a lower bound.
    package func search(
        _ query: String, limit: Int, offset: Int, order: SearchOrder, lines: Bool, exactTotal: Bool,
        deadline: SearchDeadline
    ) throws -> RankedResults {
        let found = try router.search(query, limit: limit, offset: offset, order: order, lines: lines)
        if found.isPartial {
            logger.warning("search answered without some shards", metadata: ["missing": "\(found.missingShards.map(\.description))"])
        }
        var results = found.results
        results.missingShards = found.missingShards.map(\.description)
        return results
    }

    package func analyze(_ text: String, asQuery: Bool) throws -> [TokenExplanation] {
        try router.explain(text, asQuery: asQuery)
    }

    package func follow(_ query: String, deliver: @escaping @Sendable ([StandingQuery.Match]) -> Void) throws -> any FollowedQuery {
        try router.validate(query)
        return standing.add(query, deliver: deliver)
    }

    // MARK: Roots

    package func roots() throws -> [String] { state.withLock { $0.roots.sorted() } }

    @discardableResult
    package func addRoots(_ paths: [String]) throws -> [String] {
        try store.addRoots(paths)
        return state.withLock { state in paths.filter { state.roots.insert($0).inserted } }
    }

    package func forget(_ paths: [String]) throws -> Int {
        try store.removeRoots(paths)
        let gone = state.withLock { state -> [String] in
            for path in paths { state.roots.remove(path) }
            return state.stamps.keys.filter { file in paths.contains { PathRules.contains(root: $0, path: file) } }
        }
        // `forget` answers a request synchronously (``SearchEngine/forget(_:)``).
        removeNow(gone)
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
                record([(file.path, FileStamp(size: file.size, mtime: file.mtime))], waiting: await send([file]))
            case .touch(let path, let stamp):
                // Content unchanged: a file whose last change has not reached its shard stays unsent.
                if state.withLock({ $0.stamps[path] }) != ClusterState.unsent { record([(path, stamp)], waiting: []) }
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

    /// Changes still waiting for a shard are lost with the router's memory, but their files
    /// are recorded as unsent (``ClusterState``): the next start sends them again.
    package func close() async {
        let waiting = await BlockingCall.run { [router] in router.close() }
        if !waiting.isEmpty {
            logger.warning("stopping with changes waiting for unreachable shards: they are sent again at the next start",
                           metadata: ["shards": "\(waiting.map(\.description))"])
        }
    }

    // MARK: State

    package func contents(roots: [String]) throws -> EngineContents {
        let shards = router.status()
        // A shard whose primary is down counts its replica's documents: searches read them.
        let documents = shards.reduce(0) { $0 + ($1.documents ?? $1.replica?.documents ?? 0) }
        return EngineContents(documents: documents, bytes: 0, skipped: [:], progress: [], shards: shards)
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
            // Reading blocks on the disk (or a PDF's helper).
            let (documents, unreadable, count) = await BlockingCall.run { [reader, start] in
                Self.readBatch(files[start...], with: reader)
            }
            let batch = files[start..<start + count]
            let waiting = await send(documents)
            await remove(unreadable)
            let skipped = Set(unreadable)
            record(batch.filter { !skipped.contains($0.path) }.map { ($0.path, $0.stamp) }, waiting: waiting)
            pending.finish(batch.count)
            start += batch.count
        }
    }

    /// The documents of the first files of `files`, up to `maxFiles` files or until their
    /// text reaches `maxBytes`, the paths of those that could not be read, and how many files
    /// were taken.
    static func readBatch(
        _ files: ArraySlice<FoundFile>, with reader: DocumentReader, maxFiles: Int = batchFiles, maxBytes: Int = batchBytes
    ) -> (documents: [IndexedDocument], unreadable: [String], count: Int) {
        var documents: [IndexedDocument] = []
        var unreadable: [String] = []
        var count = 0
        var bytes = 0
        for file in files {
            count += 1
            do {
                let document = IndexedDocument(try reader.read(file.path, stamp: file.stamp))
                bytes += document.textBytes
                documents.append(document)
            } catch {
                unreadable.append(file.path)
            }
            if count == maxFiles || bytes >= maxBytes { break }
        }
        return (documents, unreadable, count)
    }

    /// Writes files to the shards, evaluating the standing queries on them; returns the
    /// shards that could not be reached (their files wait in the router).
    private func send(_ files: [IndexedDocument]) async -> [ShardAddress] {
        let known = state.withLock { state in Set(files.map(\.path).filter { state.stamps[$0] != nil }) }
        // Writing to shards blocks on the network, up to the read timeout.
        let waiting = await BlockingCall.run { [router, standing, files] in
            standing.write(files, through: router) { !known.contains($0) }
        }
        if !waiting.isEmpty {
            logger.warning("shards unreachable: their files are written once they answer", metadata: ["shards": "\(waiting.map(\.description))"])
        }
        return waiting
    }

    /// Removes files from the shards off the cooperative pool (see ``removeNow(_:)``).
    private func remove(_ paths: [String]) async {
        guard !paths.isEmpty else { return }
        await BlockingCall.run { [self] in removeNow(paths) }
    }

    /// Removes files from the shards: a commit, which blocks on the network up to the read
    /// timeout.
    private func removeNow(_ paths: [String]) {
        guard !paths.isEmpty else { return }
        record(paths.map { ($0, nil) }, waiting: router.remove(paths: paths))
    }

    /// Records files' new stamps (`nil`: gone from the shards), in memory and in the state
    /// file; a file whose shard is among `waiting` gets ``ClusterState/unsent`` instead.
    private func record(_ changes: [(path: String, stamp: FileStamp?)], waiting: [ShardAddress]) {
        guard !changes.isEmpty else { return }
        let unreachable = Set(waiting)
        let recorded = changes.map { change in
            (path: change.path, stamp: unreachable.contains(router.shards[router.shard(of: change.path)]) ? ClusterState.unsent : change.stamp)
        }
        state.withLock { state in for change in recorded { state.stamps[change.path] = change.stamp } }
        do {
            try store.record(recorded)
        } catch {
            logger.warning("the router's state could not be saved: a restart sends these files again", metadata: ["error": "\(error)"])
        }
    }
}
