import Foundation
import FuretAnalysis
import FuretIndex
import FuretLemmas

/// Furet's engine over Xapian remote shards: writes each file to the shard its path hashes
/// to, searches one database over all shards (so BM25 uses the cluster's statistics), and
/// builds hits and snippets itself as the FTS5 engine does.
///
/// A shard that cannot be reached makes searches partial (``ClusterSearchResults/missingShards``)
/// rather than fail, within ``ClusterTimeouts``; searches retry it every
/// ``ClusterTimeouts/retrySeconds``. Changes for an unreachable shard wait in the router
/// (latest per file) and are written once it answers again.
///
/// The router is the shards' only writer (Xapian allows one per database): it reopens its
/// reader after its own commits rather than before each search.
///
/// Calls are synchronous and serialised by one lock (the server calls searches from its
/// connections' threads; Xapian's objects are not thread-safe): `@unchecked Sendable` rests
/// on every method but ``shard(of:)`` holding ``lock``.
package final class ClusterRouter: @unchecked Sendable {
    /// One change to a file, as it waits for its shard.
    private enum Change {
        case write(IndexedDocument)
        case remove
    }

    /// The most terms a prefix (`word*`) stands for: the first in order.
    static let maximumExpansion = 200

    package let shards: [ShardAddress]
    private let timeouts: ClusterTimeouts
    private let analyzer: FrenchAnalyzer
    private let builder: ShardDocumentBuilder
    private let translator: ClusterQueryTranslator
    /// Each shard's writer, opened on first use and dropped when its connection fails.
    private var writers: [XapianWriter?]
    /// Changes per shard not written yet (its shard was unreachable), by path.
    private var pending: [[String: Change]]
    /// The read database over the shards that answered, and those that did not.
    private var reader: XapianReader?
    private var missing: [Int] = []
    private var lastConnection = ContinuousClock.now
    private var readerIsStale = false
    private let lock = NSLock()

    /// A router over `shards`; connects lazily.
    /// - Throws: ``AnalyzerError`` or ``LemmaError`` when Furet's analyzer cannot be made.
    package init(shards: [ShardAddress], timeouts: ClusterTimeouts = ClusterTimeouts()) throws {
        precondition(!shards.isEmpty, "a cluster has shards")
        self.shards = shards
        self.timeouts = timeouts
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let accents = AccentVocabulary()
        // The accented spellings of the words written, so that a query typed without accents
        // also searches the accented words' forms, as the FTS5 engine does.
        analyzer.onNewWord = { accents.record(accented: $0, folded: $1) }
        self.analyzer = analyzer
        builder = ShardDocumentBuilder(analyzer: analyzer)
        translator = ClusterQueryTranslator(compiler: QueryCompiler(analyzer: analyzer, accents: accents), analyzer: analyzer)
        writers = Array(repeating: nil, count: shards.count)
        pending = Array(repeating: [:], count: shards.count)
    }

    // MARK: Writing

    /// Writes files (each with its parts), replacing what the shards held for them. A file
    /// whose shard is unreachable waits in the router; returns those shards.
    @discardableResult
    package func write(_ files: [IndexedDocument]) -> [ShardAddress] {
        lock.withLock {
            for file in files { pending[shard(of: file.path)][file.path] = .write(file) }
            return flushPendingLocked()
        }
    }

    /// Removes files (with their parts); returns the shards that will get the removal later.
    @discardableResult
    package func remove(paths: [String]) -> [ShardAddress] {
        lock.withLock {
            for path in paths { pending[shard(of: path)][path] = .remove }
            return flushPendingLocked()
        }
    }

    /// Writes the changes waiting for each shard that answers; returns the shards still
    /// unreachable with changes waiting.
    @discardableResult
    package func flushPending() -> [ShardAddress] {
        lock.withLock { flushPendingLocked() }
    }

    private func flushPendingLocked() -> [ShardAddress] {
        var unreachable: [ShardAddress] = []
        for index in shards.indices where !pending[index].isEmpty {
            do throws(XapianError) {
                try apply(pending[index], to: index)
                pending[index] = [:]
                readerIsStale = true
            } catch {
                // Uncommitted changes are lost with the connection: all are written again.
                writers[index] = nil
                unreachable.append(shards[index])
            }
        }
        return unreachable
    }

    private func apply(_ changes: [String: Change], to index: Int) throws(XapianError) {
        let writer: XapianWriter
        if let open = writers[index] {
            writer = open
        } else {
            writer = try XapianWriter(remote: shards[index], timeouts: timeouts)
            writers[index] = writer
        }
        for (path, change) in changes {
            try writer.delete(id: ShardSchema.fileTerm(path: path))
            guard case .write(let file) = change else { continue }
            for document in file.storedDocuments {
                try writer.replace(id: ShardSchema.idTerm(path: document.path, part: document.part),
                                   with: try builder.document(for: document))
            }
        }
        try writer.commit()
    }

    /// The index in ``shards`` of the shard holding the file at `path`: all its documents
    /// (its parts too) go to one shard, so replacing or removing a file is one shard's commit.
    package func shard(of path: String) -> Int {
        StableHash.shard(ofPath: path, shardCount: shards.count)
    }

    // MARK: Searching

    /// The hits `offset..<offset + limit` of a query typed in Furet's syntax: best first, equal
    /// scores by path then part; or by date (``SearchOrder``), equal dates by path then part.
    /// - Parameter lines: whether hits get the line of their match (plain text files).
    /// - Throws: ``QuerySyntaxError``; ``ClusterError`` when the query uses what the shards
    ///   cannot answer or no shard is reachable.
    package func search(
        _ text: String, limit: Int, offset: Int = 0, order: SearchOrder = .relevance, lines: Bool = false
    ) throws -> ClusterSearchResults {
        try lock.withLock { try searchLocked(text, limit: limit, offset: offset, order: order, lines: lines, files: nil) }
    }

    /// Every document of the files at `paths` that a query matches, best first: what a
    /// standing query (``StandingQuery``) is evaluated on before and after a write.
    package func search(_ text: String, inFiles paths: [String]) throws -> ClusterSearchResults {
        try lock.withLock {
            try searchLocked(text, limit: Int(UInt32.max), offset: 0, order: .relevance, lines: false, files: paths)
        }
    }

    /// Checks that the shards can search a query, without searching it.
    /// - Throws: as ``search(_:limit:offset:order:lines:)``, except for the shards' state.
    package func validate(_ text: String) throws {
        _ = try lock.withLock { try translator.translate(try QueryParser.parse(text)) }
    }

    /// How `text` is analysed, as a document or as a query (``SearchIndex/explain(_:asQuery:)``)
    /// with the accented spellings of the words written through this router. Words no
    /// document has get no `fuzzy` forms: the router keeps no vocabulary to correct them.
    package func explain(_ text: String, asQuery: Bool) throws -> [TokenExplanation] {
        try lock.withLock { try TokenExplanation.explain(text, asQuery: asQuery, compiler: translator.compiler) }
    }

    private func searchLocked(
        _ text: String, limit: Int, offset: Int, order: SearchOrder, lines: Bool, files: [String]?
    ) throws -> ClusterSearchResults {
        let parsed = try QueryParser.parse(text)
        var translated = try translator.translate(parsed)
        var filters: [XapianQuery] = []
        if let files {
            guard !files.isEmpty else { return ClusterSearchResults(results: RankedResults(total: 0, hits: []), missingShards: []) }
            filters.append(.or(files.map { .term(ShardSchema.fileTerm(path: $0)) }))
        }
        let paths = PathFilter(parsed)
        if let narrowing = paths?.shardQuery { filters.append(narrowing) }
        if !filters.isEmpty { translated.query = .filter(translated.query, filters) }
        let sorting: XapianReader.Order = switch order {
        case .relevance: .relevanceThenValue(ShardSchema.tieSlot)
        case .date: .valueThenRelevance(ShardSchema.oldestFirstSlot)
        case .newestFirst: .valueThenRelevance(ShardSchema.newestFirstSlot)
        }
        try prepareReader()
        var attempt = 0
        while true {
            guard let reader else { throw ClusterError.noShardReachable(shards) }
            do throws(XapianError) {
                // Each shard would expand a wildcard over its own terms and weigh the synonym
                // by its own statistics: expanded here, the terms weigh as on one database.
                let query = try translated.query.replacingWildcards { (prefix) throws(XapianError) in
                    .or(try reader.terms(startingWith: prefix, limit: Self.maximumExpansion).terms.map(XapianQuery.term))
                }
                let documents = try reader.documentCount
                // With `path:`, every match the shards keep is checked here before paging.
                let found = try reader.search(
                    query, k1: ShardSchema.k1, b: ShardSchema.b, order: sorting, first: paths == nil ? offset : 0,
                    count: paths == nil ? min(limit, documents) : documents, checkAtLeast: documents)
                var kept = Array(0..<found.count)
                var total = found.estimatedMatches
                if let paths {
                    let tieStart = order == .relevance ? 0 : ShardSchema.orderKeyLength
                    var matching: [Int] = []
                    for index in kept where paths.matches(path: try found.sortKey(index).dropFirst(tieStart).prefix { $0 != 0 }) {
                        matching.append(index)
                    }
                    kept = matching
                    total = kept.count
                    kept = Array(kept.dropFirst(offset).prefix(limit))
                }
                var hits: [RankedHit] = []
                for index in kept { hits.append(try hit(index, of: found, translated, lines: lines)) }
                return ClusterSearchResults(results: RankedResults(total: total, hits: hits), missingShards: missing.map { shards[$0] })
            } catch {
                attempt += 1
                guard attempt < 3 else { throw ClusterError.xapian(error) }
                switch error.kind {
                case .modified: try? reader.reopen()
                case .network: connect()
                default: throw ClusterError.xapian(error)
                }
            }
        }
    }

    /// Each shard's address, document count and health, and the changes waiting for it.
    package func status() -> [ShardStatus] {
        lock.withLock { statusLocked() }
    }

    private func statusLocked() -> [ShardStatus] {
        shards.indices.map { index in
            do throws(XapianError) {
                let reader = try XapianReader()
                try reader.addRemote(shards[index], timeouts: timeouts)
                return ShardStatus(address: shards[index], documents: try reader.documentCount, pendingFiles: pending[index].count)
            } catch {
                return ShardStatus(address: shards[index], problem: error.message, pendingFiles: pending[index].count)
            }
        }
    }

    /// Connects when there is no reader, or shards are missing and the retry delay has
    /// passed; reopens after the router's own writes.
    private func prepareReader() throws {
        if reader == nil || (!missing.isEmpty && ContinuousClock.now - lastConnection > .seconds(timeouts.retrySeconds)) {
            connect()
        } else if readerIsStale {
            if (try? reader?.reopen()) == nil { connect() }
        }
        readerIsStale = false
    }

    /// Opens a read database over every shard that answers; changes waiting for a shard
    /// that is back are written first.
    private func connect() {
        lastConnection = .now
        if pending.contains(where: { !$0.isEmpty }) { _ = flushPendingLocked() }
        reader = nil
        missing = []
        guard let combined = try? XapianReader() else { return }
        for index in shards.indices {
            do throws(XapianError) {
                try combined.addRemote(shards[index], timeouts: timeouts)
            } catch {
                missing.append(index)
            }
        }
        readerIsStale = false
        if missing.count < shards.count { reader = combined }
    }

    /// Hit `index` of `found`: its record, and a snippet marking the query's forms at the
    /// positions the shard reports in the body.
    private func hit(_ index: Int, of found: XapianResults, _ query: TranslatedQuery, lines: Bool) throws(XapianError) -> RankedHit {
        let weight = found.hit(index).weight
        guard let record = ShardRecord(encoded: try found.data(index)) else {
            throw XapianError(kind: .other, message: "a shard's document has no Furet record")
        }
        var words: [(position: Int, term: Int)] = []
        var seen = Set<String>()
        for (form, term) in query.highlightedForms where seen.insert(form).inserted {
            for position in try found.positions(index, of: form) where position < ShardSchema.titleBase {
                words.append((Int(position), term))
            }
        }
        let snippet = SnippetBuilder.snippet(ofStoredBody: record.storedBody, words: words)
        // No page for a match in the title alone (no highlight in the body's snippet).
        let page = snippet.matchOffset.flatMap { record.pages?.page(at: $0) }
        let found = RankedHit(path: record.path, part: record.part.isEmpty ? nil : record.part, title: record.title, score: weight,
                              snippet: snippet.text, highlights: snippet.highlights, page: page?.number, pageLabel: page?.label,
                              matchOffset: snippet.matchOffset)
        return lines ? SearchIndex.withLine(found, storedBody: record.storedBody) : found
    }
}
