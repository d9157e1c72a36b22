import FuretCluster
import FuretIndex
import Logging
import Synchronization

/// The standing queries of a ``ClusterEngine`` (`follow`), evaluated on the shards around
/// each write the router sends, as ``SearchIndex/follow(_:deliver:)`` does after a commit:
/// each query is searched among the written files' documents before the write and after it,
/// and gets those it matches after and did not match before, in the order written.
///
/// Searching on the shards rather than on the documents in hand keeps one ranking: a match's
/// score is the cluster's BM25, as a search would give. It costs two searches per query and
/// write batch, each limited to the batch's files (a boolean filter on their `P` terms).
///
/// A file whose shard is unreachable waits in the router (``ClusterRouter``) and is not
/// evaluated when written later: a standing query misses it.
final class ClusterStandingQueries: Sendable {
    /// One open standing query.
    final class Query: FollowedQuery {
        let text: String
        let deliver: @Sendable ([StandingQuery.Match]) -> Void
        private let owner: ClusterStandingQueries

        fileprivate init(text: String, deliver: @escaping @Sendable ([StandingQuery.Match]) -> Void, owner: ClusterStandingQueries) {
            self.text = text
            self.deliver = deliver
            self.owner = owner
        }

        func close() { owner.remove(self) }
    }

    private let logger: Logger
    /// Open queries, in the order opened. Matches are delivered under this lock, so none is
    /// delivered to a query once its ``Query/close()`` returns.
    private let open = Mutex<[Query]>([])

    init(logger: Logger) {
        self.logger = logger
    }

    func add(_ text: String, deliver: @escaping @Sendable ([StandingQuery.Match]) -> Void) -> Query {
        let query = Query(text: text, deliver: deliver, owner: self)
        open.withLock { $0.append(query) }
        return query
    }

    private func remove(_ query: Query) {
        open.withLock { $0.removeAll { $0 === query } }
    }

    /// Writes `files` through `router` and hands each open query the documents of these files
    /// it newly matches; `isNew` tells a file the cluster did not hold before. Returns the
    /// shards whose files wait in the router (``ClusterRouter/write(_:)``). Blocks on the
    /// network.
    func write(_ files: [IndexedDocument], through router: ClusterRouter, isNew: (String) -> Bool) -> [ShardAddress] {
        let queries = open.withLock { $0 }
        guard !queries.isEmpty, !files.isEmpty else { return router.write(files) }
        let paths = files.map(\.path)
        let before = queries.map { matches(of: $0, in: paths, router) }
        let waiting = router.write(files)
        // The position of each document in the write: files in order, each file's parts after it.
        var order: [String: Int] = [:]
        for document in files.flatMap(\.storedDocuments) {
            order[Self.key(path: document.path, part: document.part.isEmpty ? nil : document.part)] = order.count
        }
        let newFiles = Set(paths.filter(isNew))
        for (query, matchedBefore) in zip(queries, before) {
            guard let after = matches(of: query, in: paths, router) else { continue }
            let newly = after.hits.filter { !(matchedBefore?.keys.contains(Self.key($0)) ?? false) }
                .sorted { order[Self.key($0), default: .max] < order[Self.key($1), default: .max] }
            guard !newly.isEmpty else { continue }
            let found = newly.map { StandingQuery.Match(isNew: newFiles.contains($0.path), hit: $0) }
            open.withLock { open in
                if open.contains(where: { $0 === query }) { query.deliver(found) }
            }
        }
        return waiting
    }

    /// The documents of the files at `paths` that `query` matches; `nil` when the shards
    /// could not be searched (logged: that write is not reported to it).
    private func matches(of query: Query, in paths: [String], _ router: ClusterRouter) -> (hits: [RankedHit], keys: Set<String>)? {
        do {
            let hits = try router.search(query.text, inFiles: paths).results.hits
            return (hits, Set(hits.map(Self.key)))
        } catch {
            logger.warning("a standing query could not be evaluated on a write", metadata: ["error": "\(error)"])
            return nil
        }
    }

    private static func key(_ hit: RankedHit) -> String { key(path: hit.path, part: hit.part) }

    private static func key(path: String, part: String?) -> String { path + "\u{0}" + (part ?? "") }
}
