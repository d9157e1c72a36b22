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
    private let builder: ShardDocumentBuilder
    private let translator: ClusterQueryTranslator
    private let corrections: ClusterCorrections
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
        let words = FuzzyVocabulary()
        // What the words written teach the searches, as in the FTS5 engine: their accented
        // spellings (a query typed without accents also searches the accented words' forms)
        // and their folded forms (what a mistyped word is corrected to). Queries have an
        // analyzer of their own, which records nothing: a typo must not become a known word.
        analyzer.onNewWord = { accented, folded in
            accents.record(accented: accented, folded: folded)
            words.record(folded: folded)
        }
        builder = ShardDocumentBuilder(analyzer: analyzer)
        let queryAnalyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        translator = ClusterQueryTranslator(compiler: QueryCompiler(analyzer: queryAnalyzer, accents: accents), analyzer: queryAnalyzer)
        corrections = ClusterCorrections(words: words, accents: accents, analyzer: queryAnalyzer)
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

    /// The hits `offset..<offset + limit` of a query typed in Furet's syntax, best first, equal
    /// scores by path then part; when the query as typed does not fill them, the hits its
    /// corrected words add follow (``ClusterCorrections``).
    /// - Throws: ``QuerySyntaxError``; ``ClusterError`` when the query uses what the shards
    ///   cannot answer or no shard is reachable.
    package func search(_ text: String, limit: Int, offset: Int = 0) throws -> ClusterSearchResults {
        try lock.withLock { try searchLocked(text, limit: limit, offset: offset) }
    }

    private func searchLocked(_ text: String, limit: Int, offset: Int) throws -> ClusterSearchResults {
        let query = try QueryParser.parse(text)
        let translated = try translator.translate(query)
        try prepareReader()
        var attempt = 0
        while true {
            guard let reader else { throw ClusterError.noShardReachable(shards) }
            do {
                let results = try search(query, typed: text, translated, limit: limit, offset: offset, on: reader)
                return ClusterSearchResults(results: results, missingShards: missing.map { shards[$0] })
            } catch let error as XapianError {
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

    /// The page `offset..<offset + limit` of `query` (typed as `text`, translated as
    /// `exact`): its hits as typed, then those its corrected words add when the hits as
    /// typed do not fill the page, as the FTS5 engine orders them.
    private func search(
        _ query: UserQuery, typed text: String, _ exact: TranslatedQuery, limit: Int, offset: Int, on reader: XapianReader
    ) throws -> RankedResults {
        let wanted = offset + limit
        let found = try run(exact, count: wanted, on: reader)
        var ranked = (0..<found.count).map { (results: found, index: $0, query: exact) }
        var total = found.estimatedMatches
        if total < wanted, let corrections = try corrections.corrections(of: query, typed: text, exactTotal: total, on: reader) {
            let corrected = try translator.translate(query, corrections: corrections)
            let more = try run(corrected, count: wanted + found.count, on: reader)
            let exactHits = Set((0..<found.count).map { found.hit($0).docid })
            ranked += (0..<more.count).filter { !exactHits.contains(more.hit($0).docid) }.map { (more, $0, corrected) }
            total = max(total, more.estimatedMatches)
        }
        let hits = try ranked.dropFirst(offset).prefix(limit).map { try hit($0.index, of: $0.results, $0.query) }
        return RankedResults(total: total, hits: hits)
    }

    /// The first `count` hits of `translated`, every match counted.
    private func run(_ translated: TranslatedQuery, count: Int, on reader: XapianReader) throws(XapianError) -> XapianResults {
        // Each shard would expand a wildcard over its own terms and weigh the synonym by its
        // own statistics: expanded here, the terms weigh as on one database.
        let query = try translated.query.replacingWildcards { (prefix) throws(XapianError) in
            .or(try reader.terms(startingWith: prefix, limit: Self.maximumExpansion).terms.map(XapianQuery.term))
        }
        return try reader.search(query, k1: ShardSchema.k1, b: ShardSchema.b, tieSlot: ShardSchema.tieSlot,
                                 first: 0, count: count, checkAtLeast: try reader.documentCount)
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
    private func hit(_ index: Int, of found: XapianResults, _ query: TranslatedQuery) throws(XapianError) -> RankedHit {
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
        return RankedHit(path: record.path, part: record.part.isEmpty ? nil : record.part, title: record.title, score: weight,
                         snippet: snippet.text, highlights: snippet.highlights, matchOffset: snippet.matchOffset)
    }
}
