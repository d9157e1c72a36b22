import FuretCluster
import FuretIndex

/// What the daemon asks of the engine that holds the documents: the seam between serving
/// (requests, subscriptions, the watcher, the job queue) and indexing and searching.
///
/// The server — ``FuretService``, ``RequestHandler``, `RootWatcher`, `Subscriptions` — reaches
/// the documents only through these intent-named methods; ``LocalEngine`` (one SQLite index
/// on this machine, ``SearchIndex`` and ``Indexer``) is the default, and another engine (a
/// router over remote shards) plugs in by conforming. The protocol holds what the server
/// needs today; its names and methods are kept stable for engines written against it.
///
/// Threading: the searching and status methods are synchronous and block the calling
/// thread (the socket server gives each connection its own), and may run from many threads
/// at once. The indexing methods are `async` and called one at a time, by the service's job
/// runner. Standing queries deliver their matches on the indexing task.
///
/// Errors are FuretIndex's, which the request handler maps to wire codes:
/// ``QuerySyntaxError``, ``SearchIndex/InvalidPage``, ``QueryCostError``,
/// ``SearchInterruption`` from searches; ``StorageError`` (`full`, `busy`, `corrupt`) from
/// anything that touches storage.
///
/// ```swift
/// let engine: any SearchEngine = LocalEngine(index: index, indexer: Indexer(index: index))
/// let service = FuretService(engine: engine, logger: logger)
/// ```
package protocol SearchEngine: Sendable {
    // MARK: Searching

    /// A page of hits for `query` in Furet's query language.
    /// - Parameters:
    ///   - lines: whether each hit gets the 1-based line of its snippet's match (plain text).
    ///   - exactTotal: whether `total` must count every match; otherwise it may stop at a
    ///     threshold and say so (`RankedResults.totalIsLowerBound`).
    ///   - deadline: how long the search may take, and whose client's disconnection stops it.
    func search(
        _ query: String, limit: Int, offset: Int, order: SearchOrder, lines: Bool, exactTotal: Bool,
        deadline: SearchDeadline
    ) throws -> RankedResults

    /// How `text` is analysed, as a document's words (`asQuery: false`) or a query's.
    func analyze(_ text: String, asQuery: Bool) throws -> [TokenExplanation]

    // MARK: Standing queries

    /// Opens a standing query: after each write, the documents it newly matches go to
    /// `deliver`, in the order written, until the returned query is closed.
    /// - Throws: as ``search(_:limit:offset:order:lines:exactTotal:deadline:)`` for a query it cannot search.
    func follow(_ query: String, deliver: @escaping @Sendable ([StandingQuery.Match]) -> Void) throws -> any FollowedQuery

    // MARK: Roots

    /// The folders and files indexed, resolved, sorted.
    func roots() throws -> [String]

    /// Adds roots (resolved paths); returns those that were new. Indexing them is queued
    /// separately (``reconcile(root:)``).
    @discardableResult
    func addRoots(_ paths: [String]) throws -> [String]

    /// Forgets roots, or the roots under a folder, with their documents; returns how many
    /// documents were removed.
    func forget(_ paths: [String]) throws -> Int

    // MARK: Indexing (one call at a time, from the job runner)

    /// Work not yet done, shared with the service that queues jobs: the engine counts the
    /// files and scans of the call under way in it.
    var pending: PendingWork { get }

    /// Records that a reconciliation of `root` is queued, so that `status` shows the root
    /// as queued; ``withdrawReconcile(root:)`` takes it back if it will not run.
    func announceReconcile(root: String)

    /// Takes back an announced reconciliation that will not run.
    func withdrawReconcile(root: String)

    /// Brings everything under `root` (a folder or a file) up to date with the disk;
    /// returns how many documents were indexed or removed.
    @discardableResult
    func reconcile(root: String) async throws -> Int

    /// Re-reads files the watcher reported changed, dropping those gone; returns how many
    /// documents were indexed or removed.
    @discardableResult
    func update(paths: [String]) async throws -> Int

    /// Applies renames and removals the watcher reported.
    func apply(_ changes: [IndexChange]) async throws

    /// How many files under `root` the index does not reflect (new, changed or gone),
    /// found without reading any file nor writing.
    func filesNotIndexed(under root: String) async throws -> Int

    /// Upkeep for a quiet moment (merging storage, giving memory back), stopped as soon as
    /// `stillIdle` returns false.
    func useIdleTime(while stillIdle: @escaping @Sendable () -> Bool) async

    /// Leaves the storage whole at rest, before the daemon exits.
    func close() async

    // MARK: State

    /// What `status` reports of the documents held under `roots`.
    func contents(roots: [String]) throws -> EngineContents

    /// Where the index is stored, `nil` for one in memory.
    var location: String? { get }

    /// Whether storage reported damage since the engine opened (SQLite's `SQLITE_CORRUPT`).
    var hasMetDamage: Bool { get }
}
