import CMalloc
import FuretDocuments
import FuretIndex
import Logging
import Synchronization

/// The default engine: one SQLite index on this machine (``SearchIndex``), kept in step
/// with the disk by an ``Indexer``.
package final class LocalEngine: SearchEngine {
    package let index: SearchIndex
    package let indexer: Indexer
    private let logger: Logger
    /// Documents indexed or removed since the index's segments were last merged into one;
    /// kept in the index too, so that a merge a crash cut short is done after the restart.
    private let changedSinceCompaction: Atomic<Int>
    /// Pages written by one step of merging (4 KiB each).
    static let compactionStepPages = 500

    package init(index: SearchIndex, indexer: Indexer, logger: Logger = Logger(label: "furet.engine")) {
        self.index = index
        self.indexer = indexer
        self.logger = logger
        changedSinceCompaction = Atomic((try? index.changesSinceMerge()) ?? 0)
    }

    // MARK: Searching

    package func search(
        _ query: String, limit: Int, offset: Int, order: SearchOrder, lines: Bool, exactTotal: Bool,
        deadline: SearchDeadline
    ) throws -> RankedResults {
        var results = try index.search(
            query, limit: limit, offset: offset, order: order, deadline: deadline, exactTotal: exactTotal)
        if lines { results.hits = try index.withLines(results.hits) }
        return results
    }

    package func analyze(_ text: String, asQuery: Bool) throws -> [TokenExplanation] {
        try index.explain(text, asQuery: asQuery)
    }

    // MARK: Standing queries

    package func follow(_ query: String, deliver: @escaping @Sendable ([StandingQuery.Match]) -> Void) throws -> any FollowedQuery {
        Following(index: index, query: try index.follow(query, deliver: deliver))
    }

    private struct Following: FollowedQuery {
        let index: SearchIndex
        let query: StandingQuery

        func close() { index.unfollow(query) }
    }

    // MARK: Roots

    package func roots() throws -> [String] { try index.roots() }

    @discardableResult
    package func addRoots(_ paths: [String]) throws -> [String] { try index.addRoots(paths) }

    package func forget(_ paths: [String]) throws -> Int {
        let removed = try index.forget(paths)
        indexer.forgetProgress(keeping: try index.roots())
        return removed
    }

    // MARK: Indexing

    package var pending: PendingWork { indexer.pending }

    package func announceReconcile(root: String) { indexer.expectReconcile(root: root) }

    package func withdrawReconcile(root: String) { indexer.abandonReconcile(root: root) }

    @discardableResult
    package func reconcile(root: String) async throws -> Int {
        let report = try await indexer.reconcile(root: root)
        return try await counted(report.indexed + report.removed)
    }

    @discardableResult
    package func update(paths: [String]) async throws -> Int {
        let report = try await indexer.update(paths: paths)
        return try await counted(report.indexed + report.removed)
    }

    package func apply(_ changes: [IndexChange]) async throws {
        try await index.apply(changes)
        _ = try await counted(changes.count)
    }

    package func filesNotIndexed(under root: String) async throws -> Int {
        let differences = try await indexer.differences(under: root)
        return differences.changed.count + differences.gone.count
    }

    /// Adds `changed` documents to those changed since the last merge; returns `changed`.
    private func counted(_ changed: Int) async throws -> Int {
        if changed > 0 {
            let total = changedSinceCompaction.add(changed, ordering: .relaxed).newValue
            try? await index.recordChangesSinceMerge(total)
        }
        return changed
    }

    /// Merges the index's segments into one, a step at a time while idle, once a bulk load's
    /// share of its documents changed since the last time (a bulk load leaves its segments to
    /// this merge: ``SegmentMerging``); then gives the memory of indexing batches back.
    ///
    /// A search looks each term up in every segment, and a bulk load leaves several:
    /// on both corpora, in-process search p50 went from 1.16 ms to 0.91 ms once merged.
    /// Merging rewrites the whole index (1.2 s for both corpora), hence the threshold, which
    /// keeps its cost in proportion to what changed; a step writes about
    /// ``compactionStepPages`` pages, so a job queued meanwhile waits for one step at most.
    package func useIdleTime(while stillIdle: @escaping @Sendable () -> Bool) async {
        await compact(while: stillIdle)
        await boundScores(while: stillIdle)
        index.releaseIdleMemory()
        furet_release_free_memory()
    }

    private func compact(while stillIdle: () -> Bool) async {
        let changed = changedSinceCompaction.load(ordering: .relaxed)
        guard changed > 0, let documents = try? index.documentCount(),
              SegmentMerging.isBulkLoad(changing: changed, of: documents)
        else { return }
        do {
            while stillIdle(), !Task.isCancelled {
                guard try await index.mergeSegments(pages: Self.compactionStepPages) else {
                    changedSinceCompaction.store(0, ordering: .relaxed)
                    try await index.recordChangesSinceMerge(0)
                    // Gives the merged-away segments' pages back to the file system.
                    await index.checkpoint()
                    return
                }
            }
        } catch {
            logger.warning("merging the index's segments failed", metadata: ["error": "\(error)"])
        }
    }

    /// Computes the score bounds that let searches of frequent words skip blocks of rows
    /// (``StoredScoreBounds``), once merged, when a bulk load's share of the blocks was
    /// written since the last time: they read every frequent token's rows (about 10 s at
    /// 1,000,000 documents), so, as merging, in proportion to what changed.
    private func boundScores(while stillIdle: @escaping @Sendable () -> Bool) async {
        guard stillIdle() else { return }
        do {
            if let tokens = try await index.refreshScoreBounds(share: SegmentMerging.bulkShare, while: stillIdle) {
                logger.info("score bounds computed", metadata: ["tokens": "\(tokens)"])
            }
        } catch {
            logger.warning("computing score bounds failed", metadata: ["error": "\(error)"])
        }
    }

    /// Moves the write-ahead log's pages into the database, so that the index is one file
    /// at rest.
    package func close() async {
        await index.checkpoint()
    }

    // MARK: State

    package func contents(roots: [String]) throws -> EngineContents {
        EngineContents(
            documents: try index.documentCount(),
            bytes: index.diskBytes(),
            skipped: try index.skippedCounts().merging(
                [FileSkipReason.unsupportedFormat.kind: indexer.unsupportedFiles(under: roots)].filter { $0.value > 0 },
                uniquingKeysWith: +),
            // Folders the watcher could not watch are reconciled too: not roots, not shown.
            progress: indexer.progress.filter { roots.contains($0.root) })
    }

    package var location: String? { index.path }

    package var hasMetDamage: Bool { index.hasMetDamage }
}
