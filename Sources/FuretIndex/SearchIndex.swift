import Foundation
import FuretAnalysis
import FuretDocuments
import FuretLemmas
import GRDB
import Glibc
import Logging
import Synchronization

/// The index: documents and their French full-text index in one SQLite database.
///
/// A `DatabasePool` in WAL mode, so searches read while indexing writes; writes are
/// serialised by GRDB. Every connection has the `french` tokenizer.
///
/// ```swift
/// let index = try SearchIndex(path: "Index/index.sqlite")
/// try await index.apply([.upsert(document)])
/// let results = try await index.search("l'enquête", limit: 10)
/// ```
public final class SearchIndex: Sendable {
    let writer: any DatabaseWriter
    let logger: Logger
    public let path: String?
    /// Accented spellings seen in documents, for restoring accents in queries.
    let accents: AccentVocabulary
    /// Words seen in documents, for correcting query words.
    let words: FuzzyVocabulary
    /// Analyzers for queries.
    let analyzers = AnalyzerPool.forQueries()
    /// Turns to search, simple queries apart from costly ones.
    let lanes = SearchLanes()
    /// Analyzers for the bodies of documents being written, and where their terms wait for
    /// the writer's tokenizer (see ``DocumentAnalysis``).
    private let documentAnalyzers: AnalyzerPool
    private let environment: TokenizerEnvironment
    /// Document counts of query phrases, for ranking.
    let phraseCounts = PhraseDocumentCounts()
    /// See ``hasMetDamage``.
    private let damageSeen = Atomic<Bool>(false)
    /// Queries evaluated after each write (see ``follow(_:deliver:)``).
    let standingQueries = StandingQueries()
    /// The dictionary new short bodies are compressed with (see ``BodyDictionary``); `nil`
    /// until the index has one.
    private let bodyDictionary = Mutex<BodyDictionary?>(nil)
    /// Short bodies written since the index was opened while it had no dictionary: at
    /// ``BodyDictionary/minimumSamples`` a write trains one.
    private let shortBodiesWithoutDictionary = Mutex(0)

    /// Opens (creating or migrating) the index at `path`.
    public convenience init(path: String, logger: Logger = Logger(label: "furet.index")) throws {
        _ = SQLiteSetup.once
        let environment = TokenizerEnvironment(accents: AccentVocabulary(), words: FuzzyVocabulary(), replays: TermReplays())
        let pool = try DatabasePool(path: path, configuration: Self.configuration(environment))
        try self.init(writer: pool, path: path, environment: environment, logger: logger)
    }

    /// An index in memory, for tests.
    public static func inMemory(logger: Logger = Logger(label: "furet.index")) throws -> SearchIndex {
        _ = SQLiteSetup.once
        let environment = TokenizerEnvironment(accents: AccentVocabulary(), words: FuzzyVocabulary(), replays: TermReplays())
        return try SearchIndex(writer: DatabaseQueue(configuration: configuration(environment)), path: nil,
                               environment: environment, logger: logger)
    }

    private init(writer: any DatabaseWriter, path: String?, environment: TokenizerEnvironment, logger: Logger) throws {
        self.writer = writer
        self.path = path
        accents = environment.accents
        words = environment.words
        self.environment = environment
        documentAnalyzers = AnalyzerPool.forDocuments(recordingIn: environment)
        self.logger = logger
        phraseCounts.observe(writer)
        let version = try writer.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        if version > IndexSchema.formatVersion {
            throw IndexError.newerFormat(found: version, supported: IndexSchema.formatVersion)
        }
        // A migration that rebuilds the full-text data reads every body, short ones through
        // the dictionary they name: a process knows a dictionary once it is registered.
        if version >= IndexSchema.dictionaryVersion {
            _ = try writer.read { db in try BodyDictionary.loadAll(db) }
        }
        try IndexSchema.migrator.migrate(writer)
        // A migration that rebuilt the full-text data recorded every word again.
        try writer.write { db in try environment.save(db) }
        if (1..<IndexSchema.compactingVersion).contains(version), path != nil {
            // The migration rewrote every row: rebuild the file compactly, once. In WAL mode
            // `VACUUM` writes the whole file to the log: moved into the file at once and
            // truncated, or the log stays as large as the index until the daemon stops.
            logger.info("compacting the index after its migration", metadata: ["from": "\(version)", "to": "\(IndexSchema.formatVersion)"])
            try writer.vacuum()
            try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
        let dictionary = try writer.read { db in
            try environment.accents.load(db)
            try environment.words.load(db)
            return try BodyDictionary.loadAll(db)
        }
        bodyDictionary.withLock { $0 = dictionary }
    }

    /// The size the write-ahead log is cut back to after a checkpoint (16 MiB): a large write
    /// (an FTS5 merge of big segments, a bulk load) grows it, and SQLite would otherwise keep
    /// the file at its largest.
    static let walSizeLimit = 16 << 20

    /// How much of the index searches read through a memory map (SQLite caps it at its
    /// build's maximum, 2 GiB in Debian's). FTS5 walks long doclists: read with `pread`, every
    /// page was copied by the kernel into each connection's page cache. Measured at a million
    /// paragraphs, each query to a daemon with and without the map in turn: the same pages,
    /// 7–10 % less time per query (medians). Readers only: the writer's pages (a bulk load
    /// reads every segment it merges) would count in the daemon's resident memory. What a map
    /// gives up: an I/O error while reading the index, or another program truncating it, is a
    /// `SIGBUS` rather than an error (`sqlite.org/mmap.html`); neither is a file being indexed.
    static let mappedBytes = 1 << 31

    /// Every connection's set-up: the `french` tokenizer and Furet's SQL functions; readers
    /// map the index (``mappedBytes``) unless `mapped` is false; the writer sets how free pages
    /// and the write-ahead log are given back.
    static func configuration(_ environment: TokenizerEnvironment, mapped: Bool = true) -> Configuration {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            TokenizerEnvironment.register(environment, for: db)
            db.add(tokenizer: FrenchTokenizer.self)
            try SQLiteSetup.addFTS5Functions(to: db)
            db.add(function: IndexSchema.textFunction)
            db.add(function: StoredTitle.function)
            if db.configuration.readonly {
                if mapped { try db.execute(sql: "PRAGMA mmap_size = \(mappedBytes)") }
            } else {
                // auto_vacuum only takes effect in a new, empty database (see ``checkpoint()``).
                try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
                try db.execute(sql: "PRAGMA journal_size_limit = \(walSizeLimit)")
            }
        }
        configuration.maximumReaderCount = SearchLanes.total
        // Another process writing to the index (a tool, a benchmark) holds it for a moment:
        // wait for it rather than fail.
        configuration.busyMode = .timeout(10)
        return configuration
    }

    // MARK: - Roots

    /// The folders (or single files) the index covers, as absolute resolved paths.
    public func roots() throws -> [String] {
        try writer.read { db in try String.fetchAll(db, sql: "SELECT path FROM roots ORDER BY path") }
    }

    /// The roots remembered by a damaged index, as far as they can still be read: opened
    /// read-only, without the tokenizer or the accent vocabulary, whose pages may be the
    /// damaged ones. Empty when they cannot be read.
    public static func salvageRoots(path: String) -> [String] {
        guard let queue = try? readOnlyQueue(path) else { return [] }
        return (try? queue.read { db in try String.fetchAll(db, sql: "SELECT path FROM roots ORDER BY path") }) ?? []
    }

    /// Remembers roots; returns those that were not known yet.
    @discardableResult
    public func addRoots(_ paths: [String]) throws -> [String] {
        try writer.write { db in
            try paths.filter { path in
                try db.execute(sql: "INSERT OR IGNORE INTO roots(path) VALUES (?)", arguments: [path])
                return db.changesCount > 0
            }
        }
    }

    /// Forgets roots (and everything indexed under them); returns the documents removed.
    public func forget(_ paths: [String]) throws -> Int {
        try writer.write { db in
            var removed = 0
            for path in paths {
                try db.execute(sql: "DELETE FROM roots WHERE \(StoredPath.atOrUnder)", arguments: StoredPath.atOrUnderArguments(path))
                removed += try Self.remove(path, db)
                try Self.forgetSkipped(path, db)
            }
            return removed
        }
    }

    // MARK: - Reading state

    /// The number of documents indexed: files' own and the documents inside files (an mbox's
    /// messages, a mail's attachments), each of which a search can find.
    ///
    /// FTS5's own row count, one row read (``FTS5RowCount``): `status` gives it, and a client
    /// showing progress asks for it often, where counting the table took 26 ms at 1,000,000
    /// documents with the table in memory.
    public func documentCount() throws -> Int {
        try writer.read { db in try Int(FTS5RowCount.documents(db)) }
    }

    /// Size and mtime of every indexed file under `root` (or the file at `root`), and of
    /// every file there that was skipped (``IndexChange/skip(path:_:reason:)``). A file's
    /// parts carry its stamp: a file with several documents gives its path once.
    public func stamps(under root: String) async throws -> [String: FileStamp] {
        try await writer.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT ?, size, mtime FROM documents WHERE \(StoredPath.file)
                UNION ALL
                SELECT f.path || d.name, d.size, d.mtime FROM folders f JOIN documents d ON d.folder = f.id WHERE f.\(StoredPath.tree)
                UNION ALL
                SELECT path, size, mtime FROM skipped_files WHERE \(StoredPath.atOrUnder)
                """, arguments: [root] + StoredPath(root).arguments + StoredPath.treeArguments(root) + StoredPath.atOrUnderArguments(root))
            var stamps: [String: FileStamp] = [:]
            while let row = try rows.next() {
                stamps[row[0]] = FileStamp(size: row[1], mtime: row[2])
            }
            return stamps
        }
    }

    /// Size and mtime of those of `paths` that are indexed or skipped, read in one transaction.
    public func stamps(of paths: [String]) async throws -> [String: FileStamp] {
        try await writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT size, mtime FROM documents WHERE \(StoredPath.file) UNION ALL SELECT size, mtime FROM skipped_files WHERE path = ?
                """)
            var stamps: [String: FileStamp] = [:]
            for path in paths {
                if let row = try Row.fetchOne(statement, arguments: StoredPath(path).arguments + [path]) {
                    stamps[path] = FileStamp(size: row[0], mtime: row[1])
                }
            }
            return stamps
        }
    }

    /// The content hash recorded for `path`, if indexed.
    public func hash(of path: String) async throws -> UInt64? {
        // Every document of a file (its own and its parts) has the file's hash.
        try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT hash FROM documents WHERE \(StoredPath.file) LIMIT 1", arguments: StoredPath(path).arguments)
                .map { UInt64(bitPattern: $0) }
        }
    }

    // MARK: - Writing

    /// Text from which a write is worth Hunspell's faster handle for bulk lookups (70 ms to
    /// open; the daemon closes it once idle): a folder's batches, not a file just saved.
    static let bulkLookupBytes = 1 << 20

    /// Applies changes in one transaction; when it fails for a reason of its own (not a full
    /// disk, a lock or a cancellation), each change is applied alone, so that one bad
    /// document (a damaged row, say) does not keep the others out. Changes that fail alone
    /// are logged with their path and left out.
    ///
    /// The bodies of new documents are analysed on other cores while the writer inserts
    /// (see ``DocumentAnalysis``).
    /// - Throws: a full disk, a lock, a cancellation; or the error of a single change.
    public func apply(_ changes: [IndexChange]) async throws {
        try await apply(changes, after: nil)
    }

    /// ``apply(_:)`` once `previous` (a write of the same caller) is over, its texts analysed
    /// meanwhile: a bulk load's next batch is analysed while the writer inserts the one
    /// before, so that the writer, SQLite's only one, never waits for analysis. When
    /// `previous` failed, nothing is written and its error is thrown. A `bulkLoad`'s batch
    /// leaves its segment unmerged (``SegmentMerging``).
    func apply(_ changes: [IndexChange], after previous: Task<Void, any Error>?, bulkLoad: Bool = false) async throws {
        let analysis = analyse(changes)
        defer { analysis.stop() }
        try await previous?.value
        do {
            try await applyTogether(changes, analysis: analysis, bulkLoad: bulkLoad)
        } catch where changes.count > 1 && !(error is CancellationError) && StorageError(error) != .full && StorageError(error) != .busy {
            logger.warning("a batch of changes failed: writing them one at a time", metadata: [
                "changes": "\(changes.count)", "error": "\(error)",
            ])
            analysis.stop()
            for change in changes {
                do {
                    try await applyTogether([change])
                } catch where !(error is CancellationError) && StorageError(error) != .full && StorageError(error) != .busy {
                    if StorageError(error) == .corrupt { damageSeen.store(true, ordering: .releasing) }
                    logger.error("a change could not be written; left out", metadata: [
                        "path": "\(change.path)", "error": "\(error)",
                    ])
                }
            }
        }
    }

    /// Whether a write met damage (`SQLITE_CORRUPT`) that ``apply(_:)`` left out: the daemon
    /// reports it and rebuilds the index at its next start.
    public var hasMetDamage: Bool { damageSeen.load(ordering: .acquiring) }

    /// Starts analysing the texts `changes` insert: each document's title, then its body, in
    /// the order the writer inserts them; bodies are compressed with the index's dictionary
    /// too.
    private func analyse(_ changes: [IndexChange]) -> DocumentAnalysis {
        let texts = changes.flatMap { change -> [String] in
            if case .upsert(let file) = change { file.storedDocuments.flatMap { [$0.title, $0.body] } } else { [] }
        }
        if texts.reduce(0, { $0 + $1.utf8.count }) >= Self.bulkLookupBytes {
            LemmaDictionary.beginBulkLookups()
        }
        return DocumentAnalysis(texts: texts, analyzers: documentAnalyzers, bodyDictionary: { self.bodyDictionary.withLock { $0 } })
    }

    /// Applies changes in one transaction: all or nothing. `analysis` is that of
    /// ``analyse(_:)`` for these very changes, started by the caller (by default here);
    /// `bulkLoad` sets FTS5's merging for a bulk load's batch (``SegmentMerging``).
    private func applyTogether(_ changes: [IndexChange], analysis given: DocumentAnalysis? = nil, bulkLoad: Bool = false) async throws {
        guard !changes.isEmpty else { return }
        let analysis = given ?? analyse(changes)
        defer { if given == nil { analysis.stop() } }
        // The index's first dictionary is trained by the write that brings the short bodies
        // written without one to the minimum, on those stored, which it then rewrites.
        let current = bodyDictionary.withLock { $0 }
        let training = current == nil && shortBodiesWithoutDictionary.withLock { written in
            written += changes.reduce(0) { count, change in
                guard case .upsert(let file) = change else { return count }
                return count + file.storedDocuments.count { $0.body.utf8.count <= TextCompression.dictionaryLimit }
            }
            return written >= BodyDictionary.minimumSamples
        }
        let (environment, replays) = (self.environment, self.environment.replays)
        let following = standingQueries.triggers
        let upserted: [String] = following.isEmpty ? [] : changes.compactMap { if case .upsert(let document) = $0 { document.path } else { nil } }
        let matchedBefore = upserted.isEmpty ? [:] : await matchedBefore(following.queries, paths: upserted)
        let (written, seen, dictionary) = try await writer.write { db in
            try SegmentMerging.prepare(bulkLoad: bulkLoad, db)
            let watching = !following.isEmpty
            if watching { environment.watch.open(following) }
            // A failed write leaves no watch open.
            defer { if watching { _ = environment.watch.close() } }
            var upserts = 0
            var written: [WrittenDocument] = []
            defer { replays.offer([]) }
            for change in changes {
                switch change {
                case .upsert(let file):
                    try Self.replaceDocuments(of: file, db) { document, id in
                        let title = analysis.take(2 * upserts)
                        let body = analysis.take(2 * upserts + 1)
                        replays.offer([title.terms, body.terms].compactMap { $0 })
                        upserts += 1
                        written.append(try Self.upsert(document, replacing: id, wordMarks: body.terms?.wordMarks,
                                                       stored: body.stored, dictionary: current, db))
                    }
                case .touch(let path, let stamp):
                    try db.cachedStatement(sql: "UPDATE documents SET size = ?, mtime = ? WHERE \(StoredPath.file)")
                        .execute(arguments: [stamp.size, stamp.mtime] + StoredPath(path).arguments)
                case .skip(let path, let stamp, let reason):
                    try Self.remove(path, db)
                    try Self.recordSkipped(path, stamp, reason: reason, db)
                case .remove(let path):
                    try Self.remove(path, db)
                    try Self.forgetSkipped(path, db)
                case .move(let from, let to):
                    try Self.move(from: from, to: to, db)
                }
            }
            try StoredScoreBounds.markWritten(written.map(\.id), db)
            try environment.save(db)
            let trained = training ? self.trainBodyDictionary(db) : nil
            return (written, watching ? environment.watch.close() : nil, trained)
        }
        if training {
            // Not trained (too few short bodies left, say): counted again from zero.
            shortBodiesWithoutDictionary.withLock { $0 = 0 }
            if let dictionary { bodyDictionary.withLock { $0 = dictionary } }
        }
        if !following.isEmpty {
            await percolate(following.queries(triggeredBy: seen), written: written, matchedBefore: matchedBefore)
        }
    }

    /// Trains the index's first dictionary (``BodyDictionary/trainOnStoredBodies(_:)``) in a
    /// savepoint of the write: a damaged stored body, which it meets while rewriting the short
    /// bodies, gives training up (logged) rather than keeping the write's documents out.
    private func trainBodyDictionary(_ db: Database) -> BodyDictionary? {
        var trained: BodyDictionary?
        do {
            try db.inSavepoint {
                trained = try BodyDictionary.trainOnStoredBodies(db)
                return .commit
            }
        } catch {
            logger.warning("short bodies keep their blocks: their dictionary could not be trained", metadata: ["error": "\(error)"])
            trained = nil
        }
        return trained
    }

    /// Gives the pages left free inside the file back to the file system, then moves the
    /// write-ahead log into the database and truncates it, so that a bulk load leaves neither
    /// a WAL as large as what it wrote nor the space of the FTS5 segments it merged away.
    /// Best effort: the checkpoint is skipped while readers hold the log.
    ///
    /// Free pages are only given back in indexes created with `auto_vacuum = INCREMENTAL`
    /// (every index since format 2); they are reused by later writes anyway.
    public func checkpoint() async {
        guard path != nil else { return }
        _ = try? await writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA incremental_vacuum")
            try db.checkpoint(.truncate)
        }
    }

    /// What SQLite's `PRAGMA quick_check` finds wrong in the file's structure (every page of
    /// every table and index, FTS5's included, without comparing indexes with their tables):
    /// empty when it is sound. Linear in the file's size.
    public func quickCheck() throws -> [String] {
        let lines = try writer.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        return lines == ["ok"] ? [] : lines
    }

    /// Caps the database at `pages` pages, or lifts the cap (`nil`): writes beyond it fail
    /// with `SQLITE_FULL`, as on a full disk. A seam for tests of the daemon's recovery.
    package func limitPages(_ pages: Int?) async throws {
        try await writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = \(pages ?? Int(Int32.max))")
        }
    }

    /// Gives back memory that only speeds up indexing, once it is over: the idle analyzers of
    /// documents and their cached forms, and Hunspell's handle for bulk lookups.
    public func releaseIdleMemory() {
        documentAnalyzers.dropIdle()
        LemmaDictionary.endBulkLookups()
    }

    /// Documents changed since the segments were last merged, as recorded by
    /// ``recordChangesSinceMerge(_:)``; 0 when never recorded.
    public func changesSinceMerge() throws -> Int {
        try writer.read { db in
            try Int.fetchOne(db, sql: "SELECT value FROM maintenance WHERE key = 'changed_since_merge'") ?? 0
        }
    }

    /// Records how many documents changed since the segments were last merged (format 6).
    public func recordChangesSinceMerge(_ count: Int) async throws {
        try await writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO maintenance(key, value) VALUES('changed_since_merge', ?)", arguments: [count])
        }
    }

    /// Computes the score bounds of the index's frequent tokens again (``StoredScoreBounds``)
    /// when they are missing or a `share` of the blocks was written since, from a snapshot,
    /// while `isWanted`; stores them unless a document was written meanwhile. Returns how many
    /// tokens got bounds, `nil` when it computed none.
    package func refreshScoreBounds(share: Double, while isWanted: @escaping @Sendable () -> Bool) async throws -> Int? {
        guard try await writer.read({ db in try StoredScoreBounds.areStale(share: share, db) }) else { return nil }
        let compute = { @Sendable (db: Database) in try StoredScoreBounds.compute(isWanted: isWanted, db) }
        let computed: StoredScoreBounds.Computed?
        if let path {
            // A connection of its own, unmapped: it reads most of the index, whose pages would
            // stay in the daemon's resident memory through a search connection's map.
            var configuration = Self.configuration(environment, mapped: false)
            configuration.readonly = true
            computed = try await DatabaseQueue(path: path, configuration: configuration).read(compute)
        } else {
            computed = try await writer.read(compute)
        }
        guard let computed else { return nil }
        return try await writer.write { db in try StoredScoreBounds.store(computed, db) } ? computed.tokens : nil
    }

    /// Merges FTS5's index segments into one: faster queries after a bulk load.
    public func optimize() async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES('optimize')")
        }
    }

    /// Does a step of ``optimize()``: writes about `pages` pages of merged segments, in a
    /// transaction of its own, so that other writes wait for one step at most. Returns
    /// whether there was anything to merge.
    public func mergeSegments(pages: Int) async throws -> Bool {
        try await writer.write { db in
            let before = db.totalChangesCount
            // A negative count merges every level together, as `optimize` does.
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES('merge', ?)", arguments: [-pages])
            // The command itself counts as one change; merging writes more.
            return db.totalChangesCount - before > 1
        }
    }

    /// Writes the documents of `file` (``IndexedDocument/storedDocuments``) with `write`, each
    /// given the id of the row it replaces (the file's document of the same part), then
    /// removes the file's rows of parts it no longer has: an mbox that lost a message.
    private static func replaceDocuments(
        of file: IndexedDocument, _ db: Database,
        write: (IndexedDocument, Int64?) throws -> Void
    ) throws {
        var existing: [String: Int64] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT part, id FROM documents WHERE \(StoredPath.file)"),
                                       arguments: StoredPath(file.path).arguments)
        while let row = try rows.next() { existing[row[0]] = row[1] }
        if existing.isEmpty { try forgetSkipped(file.path, db) }
        for document in file.storedDocuments {
            try write(document, existing.removeValue(forKey: document.part))
        }
        for id in existing.values { try removeDocument(id, db) }
    }

    /// Inserts a document's row (or replaces the row `existing`) and its full-text entry.
    ///
    /// `documents_fts` is written here in plain single-row statements, not by triggers: FTS5
    /// writes its pending terms out at every statement savepoint, which a trigger's statement
    /// opens (see the migration "v2" in ``IndexSchema``). The body's text is given to FTS5 as
    /// is: no inflation on the writer. `wordMarks` come from the body's analysis (none for a
    /// body the tokenizer analyses itself), and so does its `stored` form; a short body is
    /// stored with `dictionary` when there is one, compressed here when the analysis did not.
    private static func upsert(
        _ document: IndexedDocument, replacing existing: Int64?, wordMarks: WordMarks?, stored prepared: StoredBody?,
        dictionary: BodyDictionary?, _ db: Database
    ) throws -> WrittenDocument {
        let stored = prepared.flatMap { $0.isCurrent(with: dictionary) ? $0.bytes : nil }
            ?? StoredBody(document.body, dictionary: dictionary).bytes
        let marks = WordMarks.stored(wordMarks, forBodyOf: document.body).map { Data($0.encoded) }
        let pageStarts = document.pages.map { Data($0.encoded) }
        let labels = document.pages?.encodedLabels
        let titleLength = StoredTitle.prefixLength(of: document.title, in: document.body)
        let title = titleLength == nil ? document.title : ""
        let hash = Int64(bitPattern: document.hash)
        let (encoding, format) = (StoredLabel.encoding.code(of: document.encoding), StoredLabel.format.code(of: document.format))
        let id: Int64
        let existed: Bool
        if let existing {
            id = existing
            existed = true
            try removeFullText(of: id, db)
            try db.cachedStatement(sql: """
                UPDATE documents SET title = ?, title_bytes = ?, size = ?, mtime = ?, hash = ?, encoding = ?, format = ?,
                    word_marks = ?, date = ?, page_starts = ?, page_labels = ?
                WHERE id = ?
                """).execute(arguments: [title, titleLength, document.size, document.mtime, hash, encoding, format, marks,
                                         document.date, pageStarts, labels, id])
            try db.cachedStatement(sql: "UPDATE document_bodies SET text = ? WHERE id = ?").execute(arguments: [stored, id])
        } else {
            let path = StoredPath(document.path)
            try db.cachedStatement(sql: """
                INSERT INTO documents(folder, name, part, title, title_bytes, size, mtime, hash, encoding, format,
                                      word_marks, date, page_starts, page_labels)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [StoredPath.folderID(path.folder, db), path.name, document.part, title, titleLength,
                                         document.size, document.mtime, hash, encoding, format, marks,
                                         document.date, pageStarts, labels])
            id = db.lastInsertedRowID
            existed = false
            try db.cachedStatement(sql: "INSERT INTO document_bodies(id, text) VALUES (?, ?)").execute(arguments: [id, stored])
        }
        try db.cachedStatement(sql: "INSERT INTO documents_fts(rowid, title, body) VALUES (?, ?, ?)")
            .execute(arguments: [id, document.title, document.body])
        return WrittenDocument(id: id, isNew: !existed)
    }

    /// Removes a document's terms from `documents_fts`, read back from its row: FTS5's
    /// external-content `delete` needs the very text it tokenized.
    private static func removeFullText(of id: Int64, _ db: Database) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT furet_title(d.title, d.title_bytes, b.text), b.text FROM documents d JOIN document_bodies b ON b.id = d.id
            WHERE d.id = ?
            """),
                                         arguments: [id]) else { return }
        try db.cachedStatement(sql: """
            INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', ?, ?, furet_text(?))
            """).execute(arguments: [id, row[0], row[1]])
    }

    /// Removes the documents of the file at `path` (its own and its parts), or of every file
    /// under the folder `path`, with their full-text entries; returns how many.
    @discardableResult
    private static func remove(_ path: String, _ db: Database) throws -> Int {
        let ids = try StoredPath.documents(under: path, db)
        for id in ids { try removeDocument(id, db) }
        try StoredPath.forgetEmptyFolders(at: path, db)
        return ids.count
    }

    /// Removes one document's row, body and full-text entry.
    private static func removeDocument(_ id: Int64, _ db: Database) throws {
        try removeFullText(of: id, db)
        try db.cachedStatement(sql: "DELETE FROM documents WHERE id = ?").execute(arguments: [id])
        try db.cachedStatement(sql: "DELETE FROM document_bodies WHERE id = ?").execute(arguments: [id])
    }

    /// A file, or every file under a folder: the new prefix replaces the old one. SQLite's
    /// `substr` and `length` count a text's characters, not its bytes: the old prefix is cut
    /// by its own `length`, so that a folder named `Études` loses its 6 characters, not 7.
    private static func move(from: String, to: String, _ db: Database) throws {
        try remove(to, db)
        try forgetSkipped(to, db)
        // A folder: its row and its subfolders' (``StoredPath``).
        try db.execute(sql: "UPDATE folders SET path = ? || substr(path, length(?) + 1) WHERE \(StoredPath.tree)",
                       arguments: [to + "/", from + "/"] + StoredPath.treeArguments(from))
        // A file: its rows.
        let old = StoredPath(from)
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM documents WHERE \(StoredPath.file)", arguments: old.arguments) == true {
            let new = StoredPath(to)
            try db.execute(sql: "UPDATE documents SET folder = ?, name = ? WHERE \(StoredPath.file)",
                           arguments: [StoredPath.folderID(new.folder, db), new.name] + old.arguments)
            try StoredPath.forgetEmptyFolders(at: from, db)
        }
        try db.execute(sql: "UPDATE skipped_files SET path = ? || substr(path, length(?) + 1) WHERE \(StoredPath.atOrUnder)",
                       arguments: [to, from] + StoredPath.atOrUnderArguments(from))
    }

    /// The bytes of each table and index of the closed index at `path`, by name (SQLite's
    /// `dbstat`: every page of its b-tree, whatever their fill), for the benchmarks' account of
    /// where the space goes. Without the tokenizer: `dbstat` reads FTS5's tables as the b-trees
    /// they are.
    package static func bytesByTable(path: String) throws -> [String: Int] {
        try readOnlyQueue(path).read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT name, sum(pgsize) FROM dbstat GROUP BY name").map {
                ($0[0] as String, $0[1] as Int)
            })
        }
    }

    /// The index at `path` opened read-only, without Furet's SQL functions and tokenizer.
    private static func readOnlyQueue(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// The size of the database files on disk (main file and WAL).
    public func diskBytes() -> Int {
        guard let path else { return 0 }
        return [path, path + "-wal"].reduce(0) { total, file in
            var info = stat()
            return total + (stat(file, &info) == 0 ? Int(info.st_size) : 0)
        }
    }
}
