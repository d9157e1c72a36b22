import Foundation
import FuretAnalysis
import FuretIndex
import FuretLemmas
import Synchronization

/// Furet's engine over Xapian remote shards: writes each file to the shard its path hashes
/// to, searches one database over all shards (so BM25 uses the cluster's statistics), and
/// builds hits and snippets itself as the FTS5 engine does.
///
/// A shard that cannot be reached makes searches partial (``ClusterSearchResults/missingShards``)
/// rather than fail, within ``ClusterTimeouts``; searches retry it every
/// ``ClusterTimeouts/retrySeconds``. Changes for an unreachable shard wait in the router
/// (latest per file) and are written once it answers again.
///
/// A shard may have a read-only replica (``ShardList``): while its primary does not answer,
/// searches read the replica instead and are not partial; writes still wait for the primary.
///
/// The router is the shards' only writer (Xapian allows one per database): it reopens its
/// reader after its own commits rather than before each search.
///
/// Calls are synchronous and serialised by one lock (the server calls searches from its
/// connections' threads; Xapian's objects are not thread-safe): `@unchecked Sendable` rests
/// on every method but ``shard(of:)`` holding ``lock``.
package final class ClusterRouter: @unchecked Sendable {
    /// The most terms a prefix (`word*`) stands for: the first in order.
    static let maximumExpansion = 200

    package let shards: [ShardAddress]
    /// Each shard's replica, or `nil`.
    package let replicas: [ShardAddress?]
    private let timeouts: ClusterTimeouts
    /// The analyzer of queries (documents have their lanes').
    private let analyzer: FrenchAnalyzer
    private let translator: ClusterQueryTranslator
    /// The accented spellings and the folded words of what this router wrote since it
    /// started (not what the shards held before).
    private let accents: AccentVocabulary
    private let words: FuzzyVocabulary
    /// Each shard's writer and document analysis.
    private let lanes: [ShardWriteLane]
    /// Changes per shard not written yet (its shard was unreachable), by path.
    private var pending: [[String: ShardChange]]
    /// The read database over the shards that answered, and those that did not.
    private var reader: XapianReader?
    /// Reads the page's hits of the shards ``reader`` holds, in parallel.
    private let pageReader: ShardPageReader
    private var missing: [Int] = []
    /// The shards whose replica the reader holds, their primary not answering.
    private var onReplica: [Int] = []
    /// When this router last committed to each shard's primary (`nil`: not since it started).
    private var lastCommit: [Date?]
    private var lastConnection = ContinuousClock.now
    private var readerIsStale = false
    private let lock = NSLock()

    /// A router over `shards`, with their `replicas` (none when empty); connects lazily.
    /// - Throws: ``AnalyzerError`` or ``LemmaError`` when Furet's analyzer cannot be made.
    package init(shards: [ShardAddress], replicas: [ShardAddress?] = [], timeouts: ClusterTimeouts = ClusterTimeouts()) throws {
        precondition(!shards.isEmpty, "a cluster has shards")
        precondition(replicas.isEmpty || replicas.count == shards.count, "one replica or nil per shard")
        self.shards = shards
        self.replicas = replicas.isEmpty ? Array(repeating: nil, count: shards.count) : replicas
        lastCommit = Array(repeating: nil, count: shards.count)
        self.timeouts = timeouts
        pageReader = ShardPageReader(timeouts: timeouts)
        let accents = AccentVocabulary()
        let words = FuzzyVocabulary()
        // One analyzer of documents per shard, each lane analysing while the others wait for
        // their shards; the vocabularies they record into take concurrent writers.
        lanes = try shards.map { address in
            let writing = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
            // The accented spellings of the words written, so that a query typed without accents
            // also searches the accented words' forms, and the words themselves, to correct
            // mistyped query words, as the FTS5 engine does. Queries have an analyzer of their
            // own: the analyzer calls this once per distinct word, so a word first met in a
            // query would otherwise be recorded as a document's, and never again when written.
            writing.onNewWord = {
                if !$0.elementsEqual($1) { accents.record(accented: $0, folded: $1) }
                words.record(folded: $1)
            }
            return ShardWriteLane(address: address, timeouts: timeouts, builder: ShardDocumentBuilder(analyzer: writing))
        }
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        self.analyzer = analyzer
        self.accents = accents
        self.words = words
        translator = ClusterQueryTranslator(compiler: QueryCompiler(analyzer: analyzer, accents: accents), analyzer: analyzer)
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

    /// Writes what waits for the shards that answer, then closes the connections to the
    /// shards: each shard takes one writer, and a router started after this one must be it.
    /// Returns the shards whose changes are still waiting (lost with this router's memory).
    @discardableResult
    package func close() -> [ShardAddress] {
        lock.withLock {
            let waiting = flushPendingLocked()
            for lane in lanes { lane.close() }
            reader = nil
            pageReader.reset()
            return waiting
        }
    }

    /// Writes each shard's waiting changes on a thread of its own: a remote shard answers
    /// each request before the next, so the shards' waits overlap rather than add up.
    private func flushPendingLocked() -> [ShardAddress] {
        let waiting = shards.indices.filter { !pending[$0].isEmpty }
        guard !waiting.isEmpty else { return [] }
        let written = Mutex(Set<Int>())
        DispatchQueue.concurrentPerform(iterations: waiting.count) { turn in
            let index = waiting[turn]
            // Uncommitted changes are lost with a failed connection: all stay to be written again.
            if (try? lanes[index].apply(pending[index])) != nil { written.withLock { _ = $0.insert(index) } }
        }
        let committed = written.withLock { $0 }
        var unreachable: [ShardAddress] = []
        for index in waiting {
            if committed.contains(index) {
                pending[index] = [:]
                lastCommit[index] = Date()
                readerIsStale = true
            } else {
                unreachable.append(shards[index])
            }
        }
        return unreachable
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
        let translated = try translator.translate(parsed)
        var filters: [XapianQuery] = []
        if let files {
            guard !files.isEmpty else { return ClusterSearchResults(results: RankedResults(total: 0, hits: []), missingShards: []) }
            filters.append(.or(files.map { .term(ShardSchema.fileTerm(path: $0)) }))
        }
        let paths = PathFilter(parsed)
        if let narrowing = paths?.shardQuery { filters.append(narrowing) }
        let search = Search(filters: filters, paths: paths, order: order)
        try prepareReader()
        var attempt = 0
        while true {
            guard let reader else { throw ClusterError.noShardReachable(shards) }
            do {
                let exact = try matches(translated, search, first: offset, count: limit, reader)
                var page = exact.kept.map { (exact, $0) }
                var results = RankedResults(total: exact.total, hits: [])
                // Corrections only when the page is not full, as the FTS5 engine does.
                if files == nil, exact.total < offset + limit,
                   let correction = try corrector(reader).correct(parsed, typed: text, exactTotal: exact.total) {
                    page = try correct(translated, parsed, with: correction, search, limit: limit, offset: offset, exactTotal: exact.total,
                                       into: &results, reader)
                }
                results.hits = try hits(page, search, lines: lines)
                return ClusterSearchResults(results: results, missingShards: missing.map { shards[$0] },
                                            servedByReplicas: onReplica.map { shards[$0] })
            } catch let error as XapianError {
                attempt += 1
                guard attempt < 3 else { throw ClusterError.xapian(error) }
                switch error.kind {
                case .modified:
                    try? reader.reopen()
                    pageReader.invalidate()
                case .network: connect()
                default: throw ClusterError.xapian(error)
                }
            }
        }
    }

    /// What a search asks of the shards besides its query: filters, `path:`, order.
    private struct Search {
        var filters: [XapianQuery]
        var paths: PathFilter?
        var order: SearchOrder

        var sorting: XapianReader.Order {
            switch order {
            case .relevance: .relevanceThenValue(ShardSchema.tieSlot)
            case .date: .valueThenRelevance(ShardSchema.oldestFirstSlot)
            case .newestFirst: .valueThenRelevance(ShardSchema.newestFirstSlot)
            }
        }

        /// `path NUL part` of hit `index` of `found`, from its sort key.
        func tie(of index: Int, in found: XapianResults) throws(XapianError) -> [UInt8] {
            Array(try found.sortKey(index).dropFirst(order == .relevance ? 0 : ShardSchema.orderKeyLength))
        }
    }

    /// One query's matches: the shards' results, the indexes in them of the hits kept from
    /// `first` on, and how many there are in all.
    private struct Matches {
        var found: XapianResults
        var kept: [Int]
        var total: Int
        var query: TranslatedQuery
    }

    /// The matches of `translated` from `first` on, at most `count`. With `path:`, every
    /// match the shards keep is checked here (``PathFilter``) before `first` and `count` apply.
    private func matches(
        _ translated: TranslatedQuery, _ search: Search, first: Int, count: Int, _ reader: XapianReader
    ) throws(XapianError) -> Matches {
        // Each shard would expand a wildcard over its own terms and weigh the synonym by its
        // own statistics: expanded here, the terms weigh as on one database.
        let query = try (search.filters.isEmpty ? translated.query : .filter(translated.query, search.filters))
            .replacingWildcards { (prefix) throws(XapianError) in
                .or(try reader.terms(startingWith: prefix, limit: Self.maximumExpansion).terms.map(XapianQuery.term))
            }
        let documents = try reader.documentCount
        let found = try reader.search(
            query, k1: ShardSchema.k1, b: ShardSchema.b, order: search.sorting, first: search.paths == nil ? first : 0,
            count: search.paths == nil ? min(count, documents) : documents, checkAtLeast: documents)
        guard let paths = search.paths else {
            return Matches(found: found, kept: Array(0..<found.count), total: found.estimatedMatches, query: translated)
        }
        var kept: [Int] = []
        for index in 0..<found.count where paths.matches(path: try search.tie(of: index, in: found).prefix { $0 != 0 }) {
            kept.append(index)
        }
        return Matches(found: found, kept: Array(kept.dropFirst(first).prefix(count)), total: kept.count, query: translated)
    }

    /// A corrector of query words from the vocabulary of the words written through this
    /// router, counting documents on the shards.
    private func corrector(_ reader: XapianReader) -> TypoCorrector {
        words.sortInRecorded()
        return TypoCorrector(words: words, accents: accents, analyzer: analyzer) { tokens in
            var counts: [String: Int64] = [:]
            for token in tokens {
                let count = try reader.frequency(of: token)
                if count > 0 { counts[token] = Int64(count) }
            }
            return counts
        }
    }

    /// The page of a search whose page was not full as typed, as ``SearchIndex`` makes it:
    /// the exact hits first, in their order, then those the corrected words find; sets the
    /// results' total, and their suggestion when the query finds nothing as typed or has a
    /// word no document has. The corrections' matches are weighed by their own rarity (the
    /// FTS5 engine weighs each as a word in a twentieth of the documents).
    private func correct(
        _ translated: TranslatedQuery, _ parsed: UserQuery, with correction: TypoCorrection, _ search: Search, limit: Int, offset: Int,
        exactTotal: Int, into results: inout RankedResults, _ reader: XapianReader
    ) throws -> [(Matches, Int)] {
        // Fewer than `offset + limit` match as typed: all of them.
        let exact = try matches(translated, search, first: 0, count: offset + limit, reader)
        let corrected = try matches(try translator.translate(parsed, corrections: correction.tokens), search, first: 0,
                                    count: offset + limit + exact.kept.count, reader)
        var exactTies = Set<[UInt8]>()
        for index in exact.kept { exactTies.insert(try search.tie(of: index, in: exact.found)) }
        var added: [Int] = []
        for index in corrected.kept where !exactTies.contains(try search.tie(of: index, in: corrected.found)) { added.append(index) }
        results.total = max(exactTotal, corrected.total)
        if let best = added.first, exactTotal == 0 || correction.hasUnknownWords {
            let tie = try search.tie(of: best, in: corrected.found)
            let identity = ShardSchema.idTerm(
                path: String(decoding: tie.prefix { $0 != 0 }, as: UTF8.self), part: String(decoding: tie.drop { $0 != 0 }.dropFirst(), as: UTF8.self))
            results.suggestion = try correction.suggestion(analyzer: analyzer) { tokens in
                let holds = XapianQuery.filter(.or(tokens.map(XapianQuery.term)), [.term(identity)])
                return try reader.search(holds, k1: ShardSchema.k1, b: ShardSchema.b, order: .relevanceThenValue(ShardSchema.tieSlot),
                                         first: 0, count: 1, checkAtLeast: 0).count > 0
            }
            results.isCorrected = exactTotal == 0 && results.suggestion != nil
        }
        let merged = exact.kept.map { (exact, $0) } + added.map { (corrected, $0) }
        return Array(merged.dropFirst(offset).prefix(limit))
    }

    /// How many of the pages' hits each shard and replica served since the router started:
    /// replicas that hold their primary's last commit share the reads.
    package func hitsServed() -> [ShardAddress: Int] {
        lock.withLock { pageReader.hitsServed }
    }

    /// Each shard's address, document count and health, and the changes waiting for it; for
    /// a shard whose primary does not answer, its replica's. The shards are asked at once,
    /// each answer within the connect timeout, so stalled shards cost one connect timeout in
    /// all (three with a silent primary's replica: its greeting and one answer) rather than a
    /// read timeout each in turn.
    package func status() -> [ShardStatus] {
        lock.withLock { statusLocked() }
    }

    private func statusLocked() -> [ShardStatus] {
        let waiting = pending.map(\.count)
        let committed = lastCommit
        return ConcurrentCalls.map(shards.count) { [shards, replicas, timeouts] index in
            do throws(XapianError) {
                // The greeting carries the document count: one answer, within the connect timeout.
                let reader = try XapianReader()
                try reader.addRemote(shards[index], timeouts: timeouts, readMilliseconds: timeouts.connectMilliseconds)
                return ShardStatus(address: shards[index], documents: try reader.documentCount, pendingFiles: waiting[index])
            } catch {
                return ShardStatus(address: shards[index], problem: error.message, pendingFiles: waiting[index],
                                   replica: replicas[index].flatMap { Self.replicaStatus($0, lastCommit: committed[index], timeouts: timeouts) })
            }
        }
    }

    /// The replica at `address`, when it answers within the connect timeout: its documents,
    /// and the time of the last primary commit it holds against `lastCommit`, the router's
    /// last commit to its primary.
    private static func replicaStatus(_ address: ShardAddress, lastCommit: Date?, timeouts: ClusterTimeouts) -> ReplicaStatus? {
        do throws(XapianError) {
            let reader = try XapianReader()
            try reader.addRemote(address, timeouts: timeouts, readMilliseconds: timeouts.connectMilliseconds)
            let committed = Double(try reader.metadata(ShardSchema.committedKey)).map { Date(timeIntervalSince1970: $0 / 1_000) }
            var behind: Double?
            if let committed, let lastCommit {
                behind = max(0, lastCommit.timeIntervalSince(committed))
            }
            return ReplicaStatus(address: address, documents: try reader.documentCount, committed: committed, behindSeconds: behind)
        } catch {
            return nil
        }
    }

    /// Connects when there is no reader, or shards are missing and the retry delay has
    /// passed; reopens after the router's own writes.
    private func prepareReader() throws {
        if reader == nil || ((!missing.isEmpty || !onReplica.isEmpty) && ContinuousClock.now - lastConnection > .seconds(timeouts.retrySeconds)) {
            connect()
        } else if readerIsStale {
            if (try? reader?.reopen()) == nil { connect() }
            pageReader.invalidate()
        }
        readerIsStale = false
    }

    /// Opens a read database over every shard that answers, or else its replica; changes
    /// waiting for a shard that is back are written first. The shards are connected to at
    /// once, so a silent one costs one connect timeout (``ClusterTimeouts/searchDeadline``).
    private func connect() {
        lastConnection = .now
        if pending.contains(where: { !$0.isEmpty }) { _ = flushPendingLocked() }
        reader = nil
        pageReader.reset()
        missing = []
        onReplica = []
        let readers = ConcurrentCalls.map(shards.count) { [self] index -> (reader: XapianReader, isReplica: Bool)? in
            if let primary = open(shards[index]) { return (primary, false) }
            return replicas[index].flatMap(open).map { ($0, true) }
        }
        guard let combined = try? XapianReader() else { return }
        for index in shards.indices {
            if let (shard, isReplica) = readers[index], (try? combined.add(shard)) != nil {
                if isReplica { onReplica.append(index) }
            } else {
                missing.append(index)
            }
        }
        readerIsStale = false
        if missing.count < shards.count { reader = combined }
    }

    /// A read connection to the shard at `address`, or `nil` when it does not greet within the
    /// connect timeout. Xapian waits for a greeting as long as for any answer, so a first
    /// connection with the connect timeout for all answers tells a silent shard quickly.
    private func open(_ address: ShardAddress) -> XapianReader? {
        do throws(XapianError) {
            try XapianReader().addRemote(address, timeouts: timeouts, readMilliseconds: timeouts.connectMilliseconds)
            let reader = try XapianReader()
            try reader.addRemote(address, timeouts: timeouts, readMilliseconds: timeouts.searchMilliseconds)
            return reader
        } catch {
            return nil
        }
    }

    /// Where the page reader reads each shard ``reader`` holds, in the combined database's order.
    private var pageSources: [ShardPageReader.Source] {
        shards.indices.filter { !missing.contains($0) }.map { index in
            onReplica.contains(index) ? .init(address: replicas[index]!, replica: nil) : .init(address: shards[index], replica: replicas[index])
        }
    }

    /// The hits of a page: each one's record, and a snippet marking its query's forms at the
    /// positions its shard reports in the body.
    private func hits(_ page: [(Matches, Int)], _ search: Search, lines: Bool) throws(XapianError) -> [RankedHit] {
        let sources = pageSources
        // The combined database interleaves its shards' docids: shard s's docid d is s + 1 + (d - 1) × count.
        let count = UInt32(sources.count)
        var requests: [ShardPageReader.Request] = []
        var forms: [[(form: String, term: Int)]] = []
        for (matches, index) in page {
            var seen = Set<String>()
            let highlighted = matches.query.highlightedForms.filter { seen.insert($0.form).inserted }
            let docid = matches.found.hit(index).docid - 1
            requests.append(.init(source: Int(docid % count), docid: docid / count + 1, tie: try search.tie(of: index, in: matches.found),
                                  terms: highlighted.map(\.form)))
            forms.append(highlighted)
        }
        let read = try pageReader.read(requests, from: sources)
        return zip(page, zip(read, forms)).map { found, hit in
            var words: [(position: Int, term: Int)] = []
            for (positions, form) in zip(hit.0.positions, hit.1) {
                for position in positions where position < ShardSchema.titleBase { words.append((Int(position), form.term)) }
            }
            return self.hit(hit.0.record, weight: found.0.found.hit(found.1).weight, words: words, lines: lines)
        }
    }

    private func hit(_ record: ShardRecord, weight: Double, words: [(position: Int, term: Int)], lines: Bool) -> RankedHit {
        let snippet = SnippetBuilder.snippet(ofStoredBody: record.storedBody, words: words)
        // No page for a match in the title alone (no highlight in the body's snippet).
        let page = snippet.matchOffset.flatMap { record.pages?.page(at: $0) }
        let found = RankedHit(path: record.path, part: record.part.isEmpty ? nil : record.part, title: record.title, score: weight,
                              snippet: snippet.text, highlights: snippet.highlights, page: page?.number, pageLabel: page?.label,
                              matchOffset: snippet.matchOffset)
        return lines ? SearchIndex.withLine(found, storedBody: record.storedBody) : found
    }
}
