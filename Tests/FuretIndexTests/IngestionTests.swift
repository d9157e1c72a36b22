import Foundation
import FuretTestSupport
import GRDB
import FuretDocuments
import Synchronization
import Testing
@testable import FuretIndex

@Suite struct IngestionTests {
    @Test func readsEveryFormatWithItsTitle() async throws {
        let (index, _, folder) = try await indexedFolder([
            "a.txt": "\n\n  Premier titre  \nLe corps du texte.",
            "b.md": "# Titre Markdown\n\nDu *texte* en Markdown.",
            "c.html": """
                <html><head><title>Titre &laquo;HTML&raquo;</title><style>.jetonstyle{color:red}</style>
                <script>var jetonscript = 1;</script></head>
                <body><h1>Intitul&eacute;</h1><p>Le c&oelig;ur&nbsp;du sujet&#8239;: l&#8217;enquête.</p></body></html>
                """,
            "d.htm": "<h2>Sans titre</h2><p>mais avec du texte.</p>",
            "ignored.pdf": "pas un format connu",
        ])
        #expect(try index.documentCount() == 4)
        let titles = try Dictionary(uniqueKeysWithValues: index.search("titre OR texte OR coeur", limit: 10).hits.map {
            (($0.path as NSString).lastPathComponent, $0.title)
        })
        #expect(titles == ["a.txt": "Premier titre", "b.md": "Titre Markdown", "c.html": "Titre «HTML»", "d.htm": "Sans titre"])
        #expect(try index.names("coeur enquete") == ["c.html"])
        #expect(try index.names("jetonstyle").isEmpty)
        #expect(try index.names("jetonscript").isEmpty)
        _ = folder
    }

    @Test func decodesEveryEncoding() async throws {
        let folder = try TemporaryFolder()
        // A title line, then more text: the title is decoded as the body is.
        let text = "L’œuvre de l’été : « cœur »\nSuite."
        try folder.write("utf8.txt", text)
        try folder.write("bom.txt", bytes: [0xEF, 0xBB, 0xBF] + Array(text.utf8))
        try folder.write("utf16le.txt", bytes: [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try folder.write("utf16be.txt", bytes: [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })
        // Windows-1252: ’ is 0x92, œ is 0x9C, é is 0xE9, « » are 0xAB 0xBB.
        try folder.write("cp1252.txt", bytes: [0x4C, 0x92, 0x9C, 0x75, 0x76, 0x72, 0x65, 0x20, 0x64, 0x65, 0x20, 0x6C, 0x92, 0xE9, 0x74, 0xE9,
                                               0x20, 0x3A, 0x20, 0xAB, 0x20, 0x63, 0x9C, 0x75, 0x72, 0x20, 0xBB,
                                               0x0A, 0x53, 0x75, 0x69, 0x74, 0x65, 0x2E])
        let index = try SearchIndex.inMemory()
        try await Indexer(index: index).reconcile(root: folder.path)
        #expect(try Set(index.names("oeuvre ete coeur")) == ["utf8.txt", "bom.txt", "utf16le.txt", "utf16be.txt", "cp1252.txt"])
        let encodings = try await index.writer.read { db in
            try [String: String](uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT p.path, d.encoding FROM documents d JOIN document_paths p ON p.id = d.id").map {
                (($0[0] as String as NSString).lastPathComponent, StoredLabel.encoding.names[$0[1]])
            })
        }
        #expect(encodings == ["utf8.txt": "utf-8", "bom.txt": "utf-8-bom", "utf16le.txt": "utf-16le",
                              "utf16be.txt": "utf-16be", "cp1252.txt": "windows-1252"])
        let hit = try #require(try index.search("coeur").hits.first { $0.path.hasSuffix("cp1252.txt") })
        #expect(hit.title == "L’œuvre de l’été : « cœur »")
    }

    @Test(.enabled(if: PackagePaths.hasShared, "../shared/ is not next to the checkout"))
    func readsTheRealWindows1252Samples() async throws {
        let root = PackagePaths.shared + "/corpus/sample/cp1252"
        let index = try SearchIndex.inMemory()
        let report = try await Indexer(index: index).reconcile(root: root)
        #expect(report.indexed == 20)
        #expect(report.skipped == 0)
        // Every cp1252 copy reads exactly like its UTF-8 original.
        for file in FileSystem.scan(root) {
            let original = file.path.replacingOccurrences(of: "/cp1252/", with: "/")
            let expected = try String(contentsOfFile: original, encoding: .utf8)
            let document = try DocumentReader().read(file.path, stamp: file.stamp)
            #expect(document.extracted.document.body == expected, "\(file.path)")
            #expect(document.extracted.encoding == .windows1252 || document.extracted.encoding == .utf8)
        }
    }

    @Test func indexesTheBundledSampleCorpus() async throws {
        let index = try SearchIndex.inMemory()
        let report = try await Indexer(index: index).reconcile(root: PackagePaths.sampleCorpus)
        #expect(report.indexed >= 36)
        #expect(report.skipped == 0)
        #expect(try index.names("guet-apens").contains("guet-apens-rapport-synthese.md"))
        #expect(try index.names("coeur").contains("hippodrome-ex-aequo.txt"))
        // The HTML files hide these words in scripts and styles.
        #expect(try index.names("jetonscript OR jetonstyle").isEmpty)
    }

    @Test func skipsBinaryHugeHiddenAndLeftoverFiles() async throws {
        let folder = try TemporaryFolder()
        try folder.write("bon.txt", "un document lisible")
        try folder.write("binaire.txt", bytes: Array("un document".utf8) + [0, 1, 2] + Array("binaire".utf8))
        try folder.write("enorme.txt", String(repeating: "document ", count: 200))
        try folder.write(".cache/cache.txt", "un document caché")
        try folder.write(".git/HEAD.txt", "un document git")
        try folder.write(".cache.txt", "un document caché")
        try folder.write("bon.txt~", "un document de sauvegarde")
        try folder.write(".bon.txt.swp", "un document vim")
        try folder.write("#bon.txt#", "un document emacs")
        let index = try SearchIndex.inMemory()
        let indexer = Indexer(index: index, reader: DocumentReader(maxFileBytes: 1_000))
        let report = try await indexer.reconcile(root: folder.path)
        #expect(report.indexed == 1)
        #expect(report.skipped == 2)
        #expect(try index.names("document") == ["bon.txt"])
    }

    /// A file swapped for a FIFO between the scan and the read: opening it must not wait for
    /// a writer that never comes (it froze indexing, and the daemon's shutdown, for ever).
    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("furet-fifo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/swapped.txt"
        #expect(mkfifo(fifo, 0o600) == 0)
        let outcome = Mutex<Result<ReadFile, FileSkipReason>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let result = Result { () throws(FileSkipReason) in try DocumentReader().read(fifo, stamp: FileStamp(size: 10, mtime: 0)) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        #expect(done.wait(timeout: .now() + 5) == .success, "reading a FIFO blocked")
        let result = outcome.withLock { $0 }
        guard case .failure(let reason)? = result else {
            Issue.record("a FIFO was read as a document: \(String(describing: result))")
            return
        }
        #expect(reason == .notRegular)
    }

    @Test func noLimitLetsThroughFilesTheIndexCannotStore() {
        #expect(DocumentReader(maxFileBytes: 10 << 30).maxFileBytes == DocumentReader.largestFileBytes)
        #expect(DocumentReader(maxFileBytes: 5_000).maxFileBytes == 5_000)
    }

    @Test func aLongDocumentIsNeverTruncated() async throws {
        let body = String(repeating: "Un paragraphe ordinaire sur la procédure civile. ", count: 20_000) + "mot-final-unique"
        let (index, _, _) = try await indexedFolder(["long.txt": body])
        #expect(try index.names("\"final unique\"") == ["long.txt"])
    }

    @Test func updatesIncrementally() async throws {
        let (index, indexer, folder) = try await indexedFolder(["a.txt": "le chat dort", "b.txt": "le chien aboie", "c.txt": "la souris court"])
        // Unchanged: nothing read again.
        var report = try await indexer.reconcile(root: folder.path)
        #expect(report == Indexer.Report(indexed: 0, unchanged: 3, removed: 0, skipped: 0))
        // Changed content, new file, deleted file.
        try folder.write("a.txt", "le chat mange")
        try folder.write("d.txt", "le hibou veille")
        try FileManager.default.removeItem(atPath: folder.path + "/c.txt")
        try setModificationDate(folder.path + "/a.txt", secondsAgo: -5)
        report = try await indexer.reconcile(root: folder.path)
        #expect(report == Indexer.Report(indexed: 2, unchanged: 1, removed: 1, skipped: 0))
        #expect(try index.names("chat mange") == ["a.txt"])
        #expect(try index.names("dort").isEmpty)
        #expect(try index.names("souris").isEmpty)
        #expect(try index.names("hibou") == ["d.txt"])
        // Touched but identical content: the stamp is updated without reindexing.
        try setModificationDate(folder.path + "/b.txt", secondsAgo: -10)
        report = try await indexer.reconcile(root: folder.path)
        #expect(report == Indexer.Report(indexed: 0, unchanged: 3, removed: 0, skipped: 0))
        #expect(try index.names("aboie") == ["b.txt"])
    }

    @Test func movesKeepDocumentsWithoutRereading() async throws {
        let (index, _, folder) = try await indexedFolder(["dossier/a.txt": "le chat dort", "dossier/b.txt": "le chien aboie"])
        try await index.apply([.move(from: folder.path + "/dossier", to: folder.path + "/archive")])
        let paths = try index.search("le", limit: 10).hits.map(\.path).sorted()
        #expect(paths == [folder.path + "/archive/a.txt", folder.path + "/archive/b.txt"])
        try await index.apply([.remove(path: folder.path + "/archive")])
        #expect(try index.documentCount() == 0)
    }

    /// Folder names are French: a moved folder whose name has accents (two bytes a letter in
    /// UTF-8), or bytes that are not UTF-8 (stored as one character each, see `PathBytes`),
    /// keeps its files' names whole.
    @Test func movesOfFoldersWithAccentedNamesKeepTheirFilesNames() async throws {
        let stored = PathBytes.string(Array("Été ".utf8) + [0xE9, 0x74, 0xE9])  // then Latin-1 "été"
        #expect(stored.unicodeScalars.count == 7)
        let (index, _, folder) = try await indexedFolder(["Études/a.txt": "le chat dort", "Études/sous/b.txt": "le chien aboie"])
        let root = folder.path
        try await index.apply([.move(from: root + "/Études", to: root + "/Réunions")])
        #expect(try index.search("le", limit: 10).hits.map(\.path).sorted() == [root + "/Réunions/a.txt", root + "/Réunions/sous/b.txt"])
        try await index.apply([.move(from: root + "/Réunions", to: root + "/" + stored)])
        #expect(try index.search("le", limit: 10).hits.map(\.path).sorted() == [root + "/" + stored + "/a.txt", root + "/" + stored + "/sous/b.txt"])
        try await index.apply([.move(from: root + "/" + stored, to: root + "/Dossiers")])
        #expect(try await index.stamps(under: root).keys.sorted() == [root + "/Dossiers/a.txt", root + "/Dossiers/sous/b.txt"])
    }

    /// A root may be `/` itself, whose path already ends with its slash: its files are all
    /// the index's, and removing it removes them, their folders and their skipped files.
    @Test func theRootFolderHoldsEveryFile() async throws {
        let index = try SearchIndex.inMemory()
        let stamp = FileStamp(size: 3, mtime: 4)
        try await index.apply([.upsert(.text("/a.txt", title: "A", body: "le chat dort")),
                               .upsert(.text("/docs/b.txt", title: "B", body: "le chien aboie")),
                               .skip(path: "/docs/c.pdf", stamp, reason: "damaged")])
        #expect(try await index.stamps(under: "/").keys.sorted() == ["/a.txt", "/docs/b.txt", "/docs/c.pdf"])
        try await index.apply([.remove(path: "/")])
        #expect(try index.documentCount() == 0)
        #expect(try await index.stamps(under: "/").isEmpty)
        let folders = try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM folders") }
        #expect(folders == 0)
    }

    private func setModificationDate(_ path: String, secondsAgo: Double) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -secondsAgo)], ofItemAtPath: path)
    }

    /// Files are read ahead, many at once, in chunks of a bounded count and size: they are
    /// still added in the order the scan found them (document ids follow it), each with its
    /// own text, skipped ones included, whatever order the reads end in.
    @Test func filesReadAheadAreAddedInTheScansOrder() async throws {
        let folder = try TemporaryFolder()
        for number in 0..<300 {
            let name = String(format: "f%03d.txt", number)
            switch number {
            case 7, 150: try folder.write(name, bytes: [0x00, 0x01, 0x02])  // binary: skipped
            // Over a chunk's bytes on its own, and two of them side by side.
            case 40, 41, 200: try folder.write(name, "mot\(number) " + String(repeating: "long paragraphe ", count: 70_000))
            default: try folder.write(name, "mot\(number) court")
            }
        }
        let index = try SearchIndex.inMemory()
        try index.addRoots([folder.path])
        let report = try await Indexer(index: index).reconcile(root: folder.path)
        #expect(report.indexed == 298 && report.skipped == 2)
        let scanned = FileSystem.scan(folder.path).map(\.path).filter { !$0.hasSuffix("f007.txt") && !$0.hasSuffix("f150.txt") }
        let stored = try await index.writer.read { db in try String.fetchAll(db, sql: "SELECT path FROM document_paths ORDER BY id") }
        #expect(stored == scanned)
        for number in [0, 39, 40, 41, 42, 199, 200, 299] {
            #expect(try index.names("mot\(number)") == [String(format: "f%03d.txt", number)])
        }
    }
}

@Suite struct BatchIsolationTests {
    /// A document SQLite refuses (here through a trigger, as a damaged row would) is left out
    /// of its batch; the batch's other changes are written.
    @Test func oneBadDocumentDoesNotFailItsBatch() async throws {
        let (index, indexer, folder) = try await indexedFolder(["a.txt": "Le cheval blanc."])
        try await index.writer.write { db in
            try db.execute(sql: """
                CREATE TEMP TRIGGER refuse_poison BEFORE INSERT ON documents WHEN NEW.name LIKE '%poison%'
                BEGIN SELECT RAISE(ABORT, 'refused'); END
                """)
        }
        for (name, text) in ["b.txt": "La jument grise.", "poison.txt": "Un document refusé.", "c.txt": "Le poulain noir."] {
            try folder.write(name, text)
        }
        let report = try await indexer.reconcile(root: folder.path)
        #expect(report.indexed == 3)
        #expect(try index.documentCount() == 3)
        #expect(try index.names("poulain") == ["c.txt"])
        #expect(try index.names("refuse").isEmpty)
        #expect(!index.hasMetDamage)
    }
}
