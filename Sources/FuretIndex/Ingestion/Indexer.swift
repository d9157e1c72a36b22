import FuretDocuments
import Logging
import Synchronization

/// Keeps the index in step with files on disk: scans roots, reads what changed, writes in
/// large batches, and counts the work under way in ``pending``.
///
/// - Unchanged files (same size and mtime) are not read.
/// - Changed files are read; when their content hash is unchanged only the stamp is updated.
/// - Files gone from disk are removed.
/// - Reading the next batch overlaps with writing the previous one, and so does analysing
///   the batch read last (see ``DocumentAnalysis``).
public final class Indexer: Sendable {
    /// What one update did.
    public struct Report: Sendable, Equatable {
        public var indexed = 0
        public var unchanged = 0
        public var removed = 0
        public var skipped = 0
    }

    public let index: SearchIndex
    public let reader: DocumentReader
    /// Documents (or bytes of text) per transaction.
    ///
    /// Each transaction of a bulk load has its commit, its vocabulary save (which sorts the
    /// new words in) and its start of analysis: batches of 10,000 small documents rather than
    /// 1,000 have a tenth as many. On the 100k growth corpus (440-byte paragraphs, runs in
    /// pairs at load 23–36): 16–18 s of CPU with batches of 4,000 or 10,000 against 21.7 s.
    public let batchDocuments: Int
    public let batchBytes: Int
    private let logger: Logger
    /// Work not yet done: the files and scans of the call under way, beside what the caller
    /// queued (see ``PendingWork``).
    package let pending = PendingWork()
    /// Files of a format Furet does not read, by root, as of the root's last scan.
    private let unsupportedCounts = Mutex<[String: Int]>([:])
    /// Each root's reconciliation, under way or last done, for `status`.
    private let progressByRoot = Mutex<[String: RootProgress]>([:])

    public init(
        index: SearchIndex, reader: DocumentReader = DocumentReader(),
        batchDocuments: Int = 10_000, batchBytes: Int = 8 << 20,
        logger: Logger = Logger(label: "furet.indexer")
    ) {
        self.index = index
        self.reader = reader
        self.batchDocuments = batchDocuments
        self.batchBytes = batchBytes
        self.logger = logger
    }

    /// The roots (or folders) being reconciled or waiting to be, and the last reconciliation
    /// of the others (phase ``RootProgress/Phase/done``), sorted by root.
    public var progress: [RootProgress] {
        progressByRoot.withLock { $0.values.sorted { $0.root < $1.root } }
    }

    /// Records that a reconciliation of `root` is queued, so that a client waiting for it sees
    /// it from the moment its request is answered; pair with ``reconcile(root:)`` or
    /// ``abandonReconcile(root:)``.
    public func expectReconcile(root: String) {
        progressByRoot.withLock { all in
            var progress = all[root] ?? RootProgress(root: root, phase: .queued)
            if progress.phase == .done { progress = RootProgress(root: root, phase: .queued) }
            progress.waiting += 1
            all[root] = progress
        }
    }

    /// Withdraws a reconciliation announced by ``expectReconcile(root:)`` that will not run.
    public func abandonReconcile(root: String) {
        progressByRoot.withLock { all in
            guard var progress = all[root] else { return }
            progress.waiting = max(0, progress.waiting - 1)
            if progress.waiting == 0, progress.phase == .queued { all[root] = nil } else { all[root] = progress }
        }
    }

    /// Drops what is known of the progress of roots the index no longer has.
    public func forgetProgress(keeping roots: [String]) {
        let kept = Set(roots)
        progressByRoot.withLock { all in all = all.filter { kept.contains($0.key) || $0.value.phase != .done } }
    }

    private func updateProgress(of root: String, _ change: (inout RootProgress) -> Void) {
        progressByRoot.withLock { all in
            var progress = all[root] ?? RootProgress(root: root, phase: .queued)
            change(&progress)
            all[root] = progress
        }
    }

    /// Files under `roots` whose extension no format reads, as of each root's last scan (not
    /// recorded in the index: a folder of photos would fill it with rows).
    public func unsupportedFiles(under roots: [String]) -> Int {
        unsupportedCounts.withLock { counts in roots.reduce(0) { $0 + (counts[$1] ?? 0) } }
    }

    /// Brings everything under `root` (a folder or a single file) up to date with the disk.
    ///
    /// Leaves the write-ahead log as the writes left it: checkpointing it is maintenance for
    /// when the caller is idle (``SearchIndex/checkpoint()``; `furetd` does it after merging
    /// the segments of a bulk load).
    @discardableResult
    public func reconcile(root: String) async throws -> Report {
        pending.begin()
        defer { pending.finish() }
        // A reconciliation queued while another of the root ran continues its progress: a
        // new root is reconciled twice (the request's, then the watcher's catch-up once its
        // folders are watched), and whoever waits for it wants the sum, not the second pass.
        var continuing = false
        updateProgress(of: root) { progress in
            continuing = progress.phase == .queued && progress.startedAt != nil
            let waiting = max(0, progress.waiting - 1)
            if !continuing {
                progress = RootProgress(root: root, phase: .scanning)
                progress.startedAt = WallClock.now()
            }
            progress.phase = .scanning
            progress.waiting = waiting
        }
        var finished = false
        defer {
            updateProgress(of: root) { progress in
                progress.failed = progress.failed || !finished
                progress.finishedAt = WallClock.now()
                progress.phase = progress.waiting > 0 ? .queued : .done
            }
        }
        let differences = try await self.differences(under: root)
        updateProgress(of: root) { progress in
            progress.phase = .indexing
            progress.filesTotal += differences.changed.count
            progress.bytesTotal += differences.changed.reduce(0) { $0 + $1.stamp.size }
            // What a later pass finds unchanged, an earlier one of the same run just read.
            if !continuing { progress.unchanged = differences.unchanged }
        }
        var report = Report()
        report.unchanged = differences.unchanged
        report.removed = differences.gone.count
        try await index.apply(differences.gone.map { .remove(path: $0) })
        let ingested = try await ingest(differences.changed, known: differences.known, progressOf: root)
        finished = true
        report.indexed = ingested.indexed
        report.unchanged += ingested.unchanged
        report.skipped = ingested.skipped
        logger.info("reconciled root", metadata: [
            "root": "\(root)", "indexed": "\(report.indexed)", "unchanged": "\(report.unchanged)",
            "removed": "\(report.removed)", "skipped": "\(report.skipped)",
        ])
        return report
    }

    /// How the index differs from the disk under `root`, without reading any file.
    public struct Differences: Sendable {
        /// Files new or changed on disk (by size or mtime).
        public var changed: [FoundFile] = []
        /// Indexed paths no longer on disk.
        public var gone: [String] = []
        public var unchanged = 0
        /// The stamps indexed of the changed files that the index has.
        public var known: [String: FileStamp] = [:]
    }

    /// Compares the files under `root` with the index (size and mtime): what
    /// ``reconcile(root:)`` would read and remove.
    ///
    /// The index's stamps are read while the folders are scanned, each about 2 s at a million
    /// files, and each file costs one lookup, which takes its stamp out: those left are gone.
    public func differences(under root: String) async throws -> Differences {
        async let indexed = index.stamps(under: root)
        let scanned = await BlockingCall.run { [logger] in
            FileSystem.scan(root) { directory, code in
                logger.warning("cannot read directory", metadata: ["path": "\(PathBytes.readable(directory))", "errno": "\(code)"])
            }
        }
        let found = scanned.filter { reader.supports($0.path) }
        unsupportedCounts.withLock { $0[root] = scanned.count - found.count }
        var unmatched = try await indexed
        var differences = Differences()
        for file in found {
            let stamp = unmatched.removeValue(forKey: file.path)
            if stamp == file.stamp {
                differences.unchanged += 1
                continue
            }
            differences.changed.append(file)
            if let stamp { differences.known[file.path] = stamp }
        }
        differences.gone = Array(unmatched.keys)
        return differences
    }

    /// Re-reads files reported changed (by the watcher): indexed when supported and
    /// readable, removed from the index when gone.
    @discardableResult
    public func update(paths: [String]) async throws -> Report {
        pending.begin(paths.count)
        defer { pending.finish(paths.count) }
        var found: [FoundFile] = []
        var gone: [IndexChange] = []
        for path in paths where reader.supports(path) {
            if let stamp = FileSystem.stamp(ofRegularFile: path) {
                found.append(FoundFile(path: path, stamp: stamp))
            } else {
                gone.append(.remove(path: path))
            }
        }
        try await index.apply(gone)
        let known = try await index.stamps(of: found.map(\.path))
        // Same size and mtime: nothing to read (a skipped file waits for a real change).
        let changed = found.filter { known[$0.path] != $0.stamp }
        var report = try await ingest(changed, known: known)
        report.unchanged += found.count - changed.count
        report.removed = gone.count
        return report
    }

    /// Reads and writes `files` in batches; `known` holds the stamps already indexed. Each
    /// file read counts in the progress of `root`, when given.
    private func ingest(_ files: [FoundFile], known: [String: FileStamp], progressOf root: String? = nil) async throws -> Report {
        pending.begin(files.count)
        var report = Report()
        /// Files not yet handed to a write: still pending if reading fails half-way.
        var remaining = files.count
        defer { pending.finish(remaining) }
        var writing: Task<Void, any Error>?
        var batch: [IndexChange] = []
        var batchBytes = 0
        var batchFiles = 0
        // Counted as if every file were new, a bulk load is one that the daemon follows with
        // a merge of the segments once idle (the same share of the documents it then has).
        // The count waits for a reader, off Swift's pool.
        let documents = await BlockingCall.run { [index] in (try? index.documentCount()) ?? 0 }
        let bulkLoad = SegmentMerging.isBulkLoad(changing: files.count, of: documents + files.count)
        // A batch is handed to its write as soon as it is read: its texts are analysed while
        // the previous batch is written, and its writing waits for that one. Reading goes on
        // once the previous write is over, so at most two batches are in memory.
        func flush() async throws {
            let (changes, count, previous) = (batch, batchFiles, writing)
            writing = Task {
                defer { pending.finish(count) }
                try await index.apply(changes, after: previous, bulkLoad: bulkLoad)
            }
            remaining -= count
            batch = []
            batchBytes = 0
            batchFiles = 0
            try await previous?.value
        }
        // Files read in the extraction helper (PDF, office, mail) come last, as many at once as
        // there are helpers, each read on a thread of its own: it mostly waits for another
        // process, and must hold none of Swift's few threads meanwhile (searches run on them).
        // The largest come first and a helper that is done takes the next file at once, so
        // that no helper idles while another reads a long file; while they read, the batches
        // already read are analysed and written (see ``helperBatchBytes``).
        let inHelper = files.filter { reader.readsInHelper($0.path) }.sorted { $0.stamp.size > $1.stamp.size }
        let here = files.filter { !reader.readsInHelper($0.path) }
        let atOnce = reader.extractor?.helperCount ?? 1
        do {
            func take(_ file: FoundFile, _ document: Result<IndexedDocument, FileSkipReason>, flushingAt bytes: Int) async throws {
                let before = report
                try await add(file, document, known: known, into: &batch, batchBytes: &batchBytes, report: &report)
                batchFiles += 1
                if let root {
                    updateProgress(of: root) { progress in
                        progress.filesDone += 1
                        progress.bytesDone += file.stamp.size
                        progress.skipped += report.skipped - before.skipped
                        progress.unchanged += report.unchanged - before.unchanged
                    }
                }
                if !batch.isEmpty, batch.count >= batchDocuments || batchBytes >= bytes { try await flush() }
            }
            try await readAhead(here) { file, document in
                try Task.checkCancellation()
                try await take(file, document, flushingAt: self.batchBytes)
            }
            try await withThrowingTaskGroup(of: (FoundFile, Result<IndexedDocument, FileSkipReason>).self) { group in
                var waiting = inHelper.makeIterator()
                var allHandedOut = false
                func readNext() {
                    guard let file = waiting.next() else {
                        allHandedOut = true
                        return
                    }
                    group.addTask { (file, await self.readOnItsOwnThread(file)) }
                }
                for _ in 0..<atOnce { readNext() }
                while let (file, document) = try await group.next() {
                    try Task.checkCancellation()
                    readNext()
                    // Once the last files are in the helpers, a batch can only wait for them:
                    // each file read is written at once, its analysis overlapping the helpers'
                    // last files instead of following them (at most one more batch a helper).
                    try await take(file, document, flushingAt: allHandedOut ? 0 : min(self.batchBytes, Self.helperBatchBytes))
                }
            }
            try await flush()
        } catch {
            // Whatever was handed to a write is committed before the error goes up.
            try? await writing?.value
            throw error
        }
        try await writing?.value
        return report
    }

    /// Text read in helpers that is written without waiting for more: analysing and writing it
    /// overlaps the helpers' reading of the next files, instead of all of it following the
    /// last file read.
    static let helperBatchBytes = 1 << 20

    /// Reads `files` and hands each to `body` in order, while the chunks after it are read on
    /// threads outside the pool: up to ``readAheadChunks`` chunks, or fewer once they add up
    /// to ``readAheadBytes`` on disk (always the next one, whatever its size).
    ///
    /// A file on a cold page cache is mostly a wait for the disk, which serves many reads at
    /// once: read one after another from a cold cache, the paragraphs of the 1M growth corpus
    /// took about 200 s to read, against 125 s to index them from a warm one. Chunks of up to
    /// ``readChunkFiles`` files or ``readChunkBytes`` bytes keep the cost of handing reads to
    /// threads small beside reading from memory.
    private func readAhead(
        _ files: [FoundFile], _ body: (FoundFile, Result<IndexedDocument, FileSkipReason>) async throws -> Void
    ) async throws {
        var chunks: [(files: Range<Int>, bytes: Int)] = []
        var start = 0
        var bytes = 0
        for index in files.indices {
            bytes += files[index].stamp.size
            if index + 1 - start == Self.readChunkFiles || bytes >= Self.readChunkBytes || index == files.count - 1 {
                chunks.append((start..<index + 1, bytes))
                start = index + 1
                bytes = 0
            }
        }
        try await withThrowingTaskGroup(of: (Int, [Result<IndexedDocument, FileSkipReason>]).self) { group in
            var started = 0
            var bytesAhead = 0
            func startMore(after consumed: Int) {
                while started < chunks.count, started == consumed
                        || (started - consumed < Self.readAheadChunks && bytesAhead + chunks[started].bytes <= Self.readAheadBytes) {
                    let (number, range) = (started, chunks[started].files)
                    group.addTask { (number, await BlockingCall.run { files[range].map(self.read) }) }
                    bytesAhead += chunks[started].bytes
                    started += 1
                }
            }
            startMore(after: 0)
            var done: [Int: [Result<IndexedDocument, FileSkipReason>]] = [:]
            for (number, chunk) in chunks.enumerated() {
                while done[number] == nil, let (finished, documents) = try await group.next() {
                    done[finished] = documents
                }
                bytesAhead -= chunk.bytes
                startMore(after: number + 1)
                for (file, document) in zip(files[chunk.files], done.removeValue(forKey: number) ?? []) {
                    try await body(file, document)
                }
            }
        }
    }

    /// Reads at once ahead of the file being added. A virtio disk here read cold files 5 times
    /// as fast with 16 reads at once as one after another (32: no better).
    static let readAheadChunks = 16
    static let readAheadBytes = 32 << 20
    static let readChunkFiles = 64
    static let readChunkBytes = 1 << 20

    /// The file ready for the index, or why it cannot be indexed.
    private func read(_ file: FoundFile) -> Result<IndexedDocument, FileSkipReason> {
        Result { () throws(FileSkipReason) in try IndexedDocument(reader.read(file.path, stamp: file.stamp)) }
    }

    /// ``read(_:)`` on a thread outside Swift's pool.
    private func readOnItsOwnThread(_ file: FoundFile) async -> Result<IndexedDocument, FileSkipReason> {
        await BlockingCall.run { self.read(file) }
    }

    /// Adds the change a file read makes to `batch`; a file that could not be read is skipped
    /// with a logged reason (and dropped from the index if it was there).
    private func add(
        _ file: FoundFile, _ read: Result<IndexedDocument, FileSkipReason>, known: [String: FileStamp],
        into batch: inout [IndexChange], batchBytes: inout Int, report: inout Report
    ) async throws {
        let document: IndexedDocument
        switch read {
        case .success(let read):
            document = read
        case .failure(let error):
            // Logged once: a lasting reason is recorded, and the file is not read again
            // until it changes.
            report.skipped += 1
            logger.notice("skipped file", metadata: ["path": "\(PathBytes.readable(file.path))", "reason": "\(error)"])
            if error.isLasting {
                batch.append(.skip(path: file.path, file.stamp, reason: error.kind))
            } else if known[file.path] != nil {
                batch.append(.remove(path: file.path))
            }
            return
        }
        if known[file.path] != nil, try await index.hash(of: file.path) == document.hash {
            batch.append(.touch(path: file.path, file.stamp))
            report.unchanged += 1
        } else {
            batchBytes += document.textBytes
            batch.append(.upsert(document))
            report.indexed += 1
        }
    }
}
