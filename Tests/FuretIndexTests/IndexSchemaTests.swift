import CDeflate
import Foundation
import FuretDocuments
import FuretTestSupport
import GRDB
import Testing
@testable import FuretIndex

@Suite struct IndexSchemaTests {
    /// A body as formats 1 and 2 stored it: its length, then one zlib stream.
    private static func singleStreamBody(_ text: String) -> Data {
        let bytes = Array(text.utf8)
        let compressor = libdeflate_alloc_compressor(1)!
        defer { libdeflate_free_compressor(compressor) }
        var stored = [UInt8](repeating: 0, count: 4 + libdeflate_zlib_compress_bound(compressor, bytes.count))
        for shift in 0..<4 { stored[shift] = UInt8(truncatingIfNeeded: bytes.count >> (8 * shift)) }
        let produced = stored.withUnsafeMutableBufferPointer { output in
            libdeflate_zlib_compress(compressor, bytes, bytes.count, output.baseAddress! + 4, output.count - 4)
        }
        return Data(stored.prefix(4 + produced))
    }

    /// Writes an index of an older format at `path`: its migrations up to `migration`, then `write`.
    private static func writeIndex(at path: String, upTo migration: String, _ write: @escaping @Sendable (Database) throws -> Void) async throws {
        let environment = TokenizerEnvironment(accents: AccentVocabulary(), words: FuzzyVocabulary(), replays: TermReplays())
        let queue = try DatabaseQueue(path: path, configuration: SearchIndex.configuration(environment))
        try IndexSchema.migrator.migrate(queue, upTo: migration)
        try await queue.write(write)
    }

    @Test func anIndexOfFormat1IsMigratedAndKeptConsistent() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        // Format 1 kept documents_fts in step with triggers: write a document through them.
        try await Self.writeIndex(at: path, upTo: "v1") { db in
            // furet_text as format 1 had it: its bodies were one zlib stream.
            db.add(function: DatabaseFunction("furet_text", argumentCount: 1, pure: true) { values in
                (values[0].storage.value as? Data)?.withUnsafeBytes(IndexSchema.singleStreamText)
            })
            try db.execute(sql: """
                INSERT INTO documents(path, title, body, size, mtime, hash, encoding, format, indexed_at)
                VALUES ('/a.txt', 'Chevaux', ?, 0, 0, '', 'utf-8', 'txt', 0)
                """, arguments: [Self.singleStreamBody("Les chevaux étaient fourbus.")])
        }
        let index = try SearchIndex(path: path)
        let (version, triggers) = try await index.writer.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger'"))
        }
        #expect(version == IndexSchema.formatVersion)
        #expect(triggers == 0)
        #expect(try index.names("cheval") == ["a.txt"])
        // The full-text data was rebuilt, and its words saved for corrections.
        let words = try await index.writer.read { db in try String.fetchAll(db, sql: "SELECT word FROM words ORDER BY word") }
        #expect(words == ["chevaux", "etaient", "fourbus"])
        #expect(try index.search("fourbuus").suggestion == "fourbus")
        // The body moved to document_bodies, in blocks.
        let found = try index.search("fourbus").hits.map(\.snippet)
        #expect(found == ["Les chevaux étaient fourbus"])
        let columns = try await index.writer.read { db in try db.columns(in: "documents").map(\.name) }
        #expect(!columns.contains("body"))
        // Replacing and removing documents now removes their old terms without the triggers.
        try await index.apply([
            .upsert(.text("/a.txt", title: "Chevaux", body: "Le cheval voulut partir.")),
            .upsert(.text("/b.txt", title: "Enquête", body: "Les chevaux galopent.")),
        ])
        #expect(try index.names("fourbus").isEmpty)
        #expect(try index.names("voulut") == ["a.txt"])
        try await index.apply([.remove(path: "/a.txt")])
        #expect(try index.names("cheval") == ["b.txt"])
        try await index.checkFullTextIntegrity()
    }

    @Test func anIndexOfFormat8KeepsItsDocumentsAsFilesOwn() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        try await Self.writeIndex(at: path, upTo: "v8: words for corrections, letter and digit runs") { db in
            try db.execute(sql: """
                INSERT INTO documents(id, path, title, size, mtime, hash, encoding, format, indexed_at)
                VALUES (7, '/a.mbox', 'Chevaux', 0, 0, 'h', 'utf-8', 'txt', 0);
                INSERT INTO document_bodies(id, text) VALUES (7, ?);
                INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
                """, arguments: [Data(TextCompression.compress("Les chevaux étaient fourbus."))])
        }
        let index = try SearchIndex(path: path)
        let rows = try await index.writer.read { db in try Row.fetchAll(db, sql: "SELECT d.id, p.path, d.part, d.hash FROM documents d JOIN document_paths p ON p.id = d.id") }
        // 'h' is no hash: version 14 stores 0, which no file's content has.
        #expect(rows == [["id": 7, "path": "/a.mbox", "part": "", "hash": 0]])
        let hit = try #require(try index.search("cheval").hits.first)
        #expect(hit.path == "/a.mbox" && hit.part == nil && hit.snippet == "Les chevaux étaient fourbus")
        // The path is no longer unique on its own: the file's documents share it.
        var mailbox = IndexedDocument.text("/a.mbox", title: "", body: "")
        mailbox.parts = [IndexedDocument.text("/a.mbox", title: "Première lettre", body: "Le cheval voulut partir.")]
        mailbox.parts[0].part = "1"
        try await index.apply([.upsert(mailbox)])
        #expect(try index.search("cheval").hits.map(\.part) == ["1"])
        #expect(try index.documentCount() == 1)
        try await index.checkFullTextIntegrity()
    }

    /// Format 12 keeps each folder once: an index of format 11 gets its folders from its paths,
    /// accented or not valid UTF-8, and keeps its documents, their ids and their parts.
    @Test func anIndexOfFormat11StoresEachFolderOnce() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        let latin1 = PathBytes.string(Array("/docs/".utf8) + [0xE9, 0x74, 0xE9] + Array("/e.txt".utf8))
        let rows: [(Int, String, String)] = [
            (3, "/docs/Études/a.txt", ""), (5, "/docs/Études/sous/b.txt", ""), (8, "/docs/c.mbox", "1"),
            (9, "/docs/c.mbox", "2"), (12, latin1, ""),
        ]
        try await Self.writeIndex(at: path, upTo: "v11: short bodies compressed with a dictionary") { db in
            for (id, path, part) in rows {
                try db.execute(sql: """
                    INSERT INTO documents(id, path, part, title, size, mtime, hash, encoding, format, indexed_at)
                    VALUES (?, ?, ?, '', 4, 5, 'h', 'utf-8', 'text', 0)
                    """, arguments: [id, path, part])
                try db.execute(sql: "INSERT INTO document_bodies(id, text) VALUES (?, ?)",
                               arguments: [id, Data(TextCompression.compress("Le chat numéro \(id) dort."))])
            }
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES('rebuild')")
        }
        let index = try SearchIndex(path: path)
        // Compacted once migrated, the log given back.
        let log = try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int
        #expect((log ?? 0) == 0)
        let (migrated, folders) = try await index.writer.read { db in
            (try Row.fetchAll(db, sql: "SELECT id, path, part FROM document_paths ORDER BY id").map { ($0[0] as Int, $0[1] as String, $0[2] as String) },
             try String.fetchAll(db, sql: "SELECT path FROM folders ORDER BY path"))
        }
        #expect(migrated.map(\.0) == rows.map(\.0) && migrated.map(\.1) == rows.map(\.1) && migrated.map(\.2) == rows.map(\.2))
        // In the order of their bytes: a byte that is not UTF-8 is stored as U+10FF00 + byte.
        #expect(folders == ["/docs/", "/docs/Études/", "/docs/Études/sous/", PathBytes.string(Array("/docs/".utf8) + [0xE9, 0x74, 0xE9, 0x2F])])
        #expect(try Set(index.search("chat", limit: 10).hits.map(\.path)) == Set(rows.map(\.1)))
        #expect(try await index.stamps(under: "/docs/Études").keys.sorted() == ["/docs/Études/a.txt", "/docs/Études/sous/b.txt"])
        #expect(try await index.stamps(of: ["/docs/c.mbox", latin1]) == ["/docs/c.mbox": FileStamp(size: 4, mtime: 5), latin1: FileStamp(size: 4, mtime: 5)])
        // A folder moved renames its folders; a folder removed forgets them.
        try await index.apply([.move(from: "/docs/Études", to: "/docs/Archives")])
        #expect(try index.search("numéro 5").hits.map(\.path) == ["/docs/Archives/sous/b.txt"])
        try await index.apply([.remove(path: "/docs/Archives"), .remove(path: "/docs/c.mbox")])
        let left = try await index.writer.read { db in try String.fetchAll(db, sql: "SELECT path FROM folders ORDER BY path") }
        #expect(left == [PathBytes.string(Array("/docs/".utf8) + [0xE9, 0x74, 0xE9, 0x2F])])
        try await index.checkFullTextIntegrity()
    }

    @Test func anIndexOfFormat13KeepsItsHashesEncodingsAndFormatsInSmallerRows() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        let rows: [(id: Int, name: String, hash: String, encoding: String, format: String)] = [
            (2, "a.txt", "cbf43926091e01de", "utf-16le", "text"), (4, "b.md", "0000000000000001", "windows-1252", "markdown"),
            (6, "c.pdf", "ffffffffffffffff", "none", "pdf"), (7, "d.txt", "pas un hash", "utf-8", "inconnu"),
        ]
        try await Self.writeIndex(at: path, upTo: "v13: the body first in the full-text table") { db in
            try db.execute(sql: "INSERT INTO folders(id, path) VALUES (1, '/docs/')")
            for row in rows {
                try db.execute(sql: """
                    INSERT INTO documents(id, folder, name, title, size, mtime, hash, encoding, format, indexed_at)
                    VALUES (?, 1, ?, '', 4, 5, ?, ?, ?, 1796686955.5)
                    """, arguments: [row.id, row.name, row.hash, row.encoding, row.format])
                try db.execute(sql: "INSERT INTO document_bodies(id, text) VALUES (?, ?)",
                               arguments: [row.id, Data(TextCompression.compress("Le chat numéro \(row.id) dort."))])
            }
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES('rebuild')")
        }
        let index = try SearchIndex(path: path)
        let (migrated, columns) = try await index.writer.read { db in
            (try Row.fetchAll(db, sql: "SELECT id, hash, encoding, format FROM documents ORDER BY id"),
             try String.fetchAll(db, sql: "SELECT name FROM pragma_table_info('documents')"))
        }
        #expect(!columns.contains("indexed_at") && columns.contains("hash"))
        // A value that was not a hash becomes 0, which no content has; a label the lists lack, NULL.
        let expected: [[DatabaseValue]] = [
            [2.databaseValue, Int64(bitPattern: 0xcbf4_3926_091e_01de).databaseValue, 3.databaseValue, 0.databaseValue],
            [4.databaseValue, 1.databaseValue, 5.databaseValue, 1.databaseValue],
            [6.databaseValue, (-1).databaseValue, 0.databaseValue, 4.databaseValue],
            [7.databaseValue, 0.databaseValue, 1.databaseValue, .null],
        ]
        #expect(migrated.map { Array($0.databaseValues) } == expected)
        #expect(try await index.hash(of: "/docs/a.txt") == 0xcbf4_3926_091e_01de)
        #expect(try await index.hash(of: "/docs/c.pdf") == UInt64.max)
        #expect(try Set(index.search("chat", limit: 10).hits.map(\.path)) == Set(rows.map { "/docs/" + $0.name }))
        // Written again, a document gets its new hash and labels.
        var changed = IndexedDocument.text("/docs/d.txt", title: "", body: "Le chien numéro 7 dort.")
        changed.encoding = "utf-8-bom"
        try await index.apply([.upsert(changed)])
        let rewritten = try await index.writer.read { db in try Row.fetchOne(db, sql: "SELECT hash, encoding, format FROM documents WHERE id = 7") }
        #expect(rewritten.map { Array($0.databaseValues) } == [Int64(bitPattern: changed.hash).databaseValue, 2.databaseValue, 0.databaseValue])
        #expect(try index.names("chien") == ["d.txt"])
        try await index.checkFullTextIntegrity()
    }

    /// The benchmarks' account of the space: every table's pages, which the file holds.
    @Test func theBytesOfEachTableAddUpWithinTheFile() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        let index = try SearchIndex(path: path)
        try await index.apply((0..<50).map { .upsert(.text("/p/\($0).txt", title: "", body: "Le cheval numéro \($0) traversa la plaine.")) })
        await index.checkpoint()
        let tables = try SearchIndex.bytesByTable(path: path)
        for table in ["documents", "document_bodies", "documents_fts_data", "folders"] { #expect((tables[table] ?? 0) >= 4096, "\(table)") }
        #expect(tables.values.reduce(0, +) <= index.diskBytes())
    }

    @Test func everyEncodingAndFormatHasACode() {
        for name in TextEncoding.allCases.map(\.rawValue) + ["none"] { #expect(StoredLabel.encoding.code(of: name) != nil, "\(name)") }
        for name in DocumentFormats.all.map(\.name) { #expect(StoredLabel.format.code(of: name) != nil, "\(name)") }
    }

    @Test func aCheckpointGivesFreePagesBackAndEmptiesTheLog() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        let index = try SearchIndex(path: path)
        // Distinct words, so that bodies neither compress nor index to almost nothing.
        let documents = (0..<200).map { number in
            IndexedDocument.text("/\(number).txt", title: "Document \(number)",
                                 body: (0..<400).map { "mot\(number)x\($0)" }.joined(separator: " "))
        }
        try await index.apply(documents.map { .upsert($0) })
        try await index.apply(documents.dropFirst(20).map { .remove(path: $0.path) })
        // Merging applies the removals to the full-text segments, which frees their pages.
        try await index.optimize()
        let state = { () async throws -> (free: Int, autoVacuum: Int) in
            try await index.writer.read { db in
                (try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? -1, try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") ?? -1)
            }
        }
        let before = try await state()
        let bytesBefore = index.diskBytes()
        #expect(before.autoVacuum == 2)
        #expect(before.free > 10)
        await index.checkpoint()
        #expect(try await state().free == 0)
        var info = stat()
        #expect(stat(path + "-wal", &info) != 0 || info.st_size == 0)
        #expect(index.diskBytes() < bytesBefore / 2)
        #expect(try index.names("mot3x7") == ["3.txt"])
    }

    /// Searches read the index through a memory map (``SearchIndex/mappedBytes``); the writer
    /// does not, so that a bulk load's reading leaves no pages in the daemon's memory.
    @Test func searchesMapTheIndexAndTheWriterDoesNot() async throws {
        let folder = try TemporaryFolder()
        let index = try SearchIndex(path: folder.path + "/index.sqlite")
        try await index.apply([.upsert(.text("/a.txt", title: "A", body: "Le cheval blanc."))])
        let read = try await index.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") }
        let written = try await index.writer.write { db in try Int.fetchOne(db, sql: "PRAGMA mmap_size") }
        #expect((read ?? 0) >= 1 << 30)
        #expect(written == 0)
        #expect(try index.names("cheval") == ["a.txt"])
    }

    /// A short body keeps no word marks (``WordMarks/stored(_:forBodyOf:)``); a long one does.
    @Test func onlyLongBodiesKeepWordMarks() async throws {
        let index = try SearchIndex.inMemory()
        let words = ["le", "cheval", "traversa", "la", "prairie", "sous", "une", "pluie", "fine"]
        let text = { (count: Int) in (0..<count).map { words[$0 % words.count] }.joined(separator: " ") }
        let short = text(200) + " girafe"
        let long = text(1_200) + " girafe"
        #expect(short.utf8.count <= TextCompression.dictionaryLimit && long.utf8.count > TextCompression.dictionaryLimit)
        try await index.apply([.upsert(.text("/court.txt", title: "Court", body: short)),
                               .upsert(.text("/long.txt", title: "Long", body: long))])
        let marks = try await index.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT name, word_marks IS NOT NULL FROM documents ORDER BY name").map { "\($0[0] as String) \($0[1] as Bool)" }
        }
        #expect(marks == ["court.txt false", "long.txt true"])
        // Each snippet is the end of its body, counted from its start or from a mark.
        let hits = try index.search("girafe").hits
        #expect(hits.count == 2)
        for hit in hits {
            let body = hit.path == "/court.txt" ? short : long
            #expect(hit.snippet.hasPrefix("… ") && body.hasSuffix(hit.snippet.dropFirst(2)), "\(hit.snippet)")
        }
    }

    @Test func segmentsMergeStepByStepIntoOne() async throws {
        let index = try SearchIndex.inMemory()
        // Each write commits a segment of its own.
        for number in 0..<6 {
            try await index.apply([.upsert(.text("/\(number).txt", title: "Note \(number)", body: "Les chevaux du relais \(number)."))])
        }
        var steps = 0
        while try await index.mergeSegments(pages: 1) { steps += 1 }
        #expect(steps >= 1)
        #expect(try await index.mergeSegments(pages: 1) == false)
        #expect(try index.search("cheval").total == 6)
        try await index.checkFullTextIntegrity()
    }
}
