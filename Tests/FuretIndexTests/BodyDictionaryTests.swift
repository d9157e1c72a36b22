import CZstd
import Foundation
import FuretTestSupport
import Glibc
import GRDB
import Testing
@testable import FuretIndex

@Suite struct BodyDictionaryTests {
    /// `count` paragraphs of French words in a varying order (a linear congruential sequence),
    /// each with its number, so that no two are equal; every 7th spans three lines.
    static func paragraphs(_ count: Int, from first: Int = 0) -> [String] {
        let words = """
            le cheval voulut partir dans la plaine où les chevaux étaient fourbus après une longue marche \
            sous la pluie et le vent du nord qui soufflait sur les collines pendant que la servante préparait \
            le repas du soir près de la cheminée tandis que son maître lisait une lettre arrivée de Paris \
            avec des nouvelles de la guerre et du procès qui durait depuis trois ans sans que personne sût \
            pourquoi l'enquête avançait si lentement malgré les efforts du juge et des témoins qu'on entendait
            """.split(separator: " ").map(String.init)
        return (first..<(first + count)).map { number in
            var state = UInt64(number) &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let length = 40 + number % 60
            var text = "Paragraphe \(number) :"
            for position in 0..<length {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += (number % 7 == 0 && position % 20 == 19 ? "\n" : " ") + words[Int(state >> 33) % words.count]
            }
            return text + "."
        }
    }

    static func dictionary() throws -> BodyDictionary {
        let trained = try #require(BodyDictionary.train(on: paragraphs(BodyDictionary.minimumSamples)))
        return try #require(BodyDictionary.register(trained))
    }

    @Test func shortTextsRoundTripSmallerWithADictionaryAndLongOnesStayInBlocks() throws {
        let dictionary = try Self.dictionary()
        var withDictionary = 0
        var inBlocks = 0
        for text in Self.paragraphs(200, from: 5_000) {
            let stored = TextCompression.compress(text, dictionary: dictionary)
            #expect(stored[3] & 0x80 != 0)
            #expect(stored.withUnsafeBytes(TextCompression.decompress) == text)
            stored.withUnsafeBytes { bytes in
                let body = StoredText(stored: InMemoryBytes(bytes: bytes))
                #expect(body?.load(from: 10, toAtLeast: 20) == true)
                #expect(body.map { String(decoding: $0.text, as: UTF8.self) } == text)
            }
            withDictionary += stored.count
            inBlocks += TextCompression.compress(text).count
        }
        #expect(Double(withDictionary) < 0.9 * Double(inBlocks))
        let long = Self.paragraphs(40).joined(separator: "\n\n")
        #expect(long.utf8.count > TextCompression.dictionaryLimit)
        let stored = TextCompression.compress(long, dictionary: dictionary)
        #expect(stored == TextCompression.compress(long))
        #expect(stored.withUnsafeBytes(TextCompression.decompress) == long)
    }

    /// A short body as formats 11 to 13 stored it: its length, 2³¹ + its dictionary's id, then
    /// a whole zstd frame, with zstd's magic number and the text's length.
    static func format13Body(_ text: String, _ dictionary: BodyDictionary) throws -> [UInt8] {
        let bytes = Array(text.utf8)
        let context = try #require(ZSTD_createCCtx())
        defer { ZSTD_freeCCtx(context) }
        var frame = [UInt8](repeating: 0, count: ZSTD_compressBound(bytes.count))
        let produced = ZSTD_compress_usingDict(context, &frame, frame.count, bytes, bytes.count,
                                               dictionary.bytes, dictionary.bytes.count, BodyDictionary.level)
        #expect(ZSTD_isError(produced) == 0)
        let words = [UInt32(bytes.count), BodyDictionary.flag | dictionary.id]
        return words.flatMap { word in (0..<4).map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } } + frame.prefix(produced)
    }

    /// Format 14 stores a short body's frame without the text's length, its magic number and
    /// the length again: 8 bytes or more less than before, and the older bodies still read.
    @Test func aShortBodyOfFormat13IsReadAndFormat14StoresItSmaller() throws {
        let dictionary = try Self.dictionary()
        for text in Self.paragraphs(50, from: 7_000) {
            let older = try Self.format13Body(text, dictionary)
            let stored = TextCompression.compress(text, dictionary: dictionary)
            #expect(stored.count + 8 <= older.count)
            #expect(older.withUnsafeBytes(TextCompression.decompress) == text)
            older.withUnsafeBytes { bytes in
                let body = StoredText(stored: InMemoryBytes(bytes: bytes))
                #expect(body?.length == text.utf8.count)
                #expect(body.map { String(decoding: $0.text, as: UTF8.self) } == text)
            }
        }
    }

    @Test func aBodyOfAnUnknownDictionaryOrDamagedIsNotRead() throws {
        let dictionary = try Self.dictionary()
        let text = Self.paragraphs(1, from: 9_000)[0]
        var stored = TextCompression.compress(text, dictionary: dictionary)
        var unknown = stored
        unknown[0] ^= 1
        #expect(unknown.withUnsafeBytes(TextCompression.decompress) == nil)
        stored[stored.count - 3] ^= 0xFF
        #expect(stored.withUnsafeBytes(TextCompression.decompress) == nil)
        #expect(Array(stored.prefix(10)).withUnsafeBytes(TextCompression.decompress) == nil)
        #expect(BodyDictionary(bytes: Array("pas un dictionnaire".utf8)) == nil)
        #expect(BodyDictionary.train(on: Self.paragraphs(BodyDictionary.minimumSamples - 1)) == nil)
    }

    /// The documents of `paragraphs`, one file each.
    static func documents(_ paragraphs: [String]) -> [IndexChange] {
        paragraphs.enumerated().map { number, text in
            .upsert(.text("/p/\(number).txt", title: "Paragraphe \(number)", body: text))
        }
    }

    /// What searches show of an index: hits with titles, snippets, highlights and lines.
    static func shown(_ index: SearchIndex) throws -> [[RankedHit]] {
        try ["cheval", "\"longue marche\"", "servante préparait", "enquête", "Paragraphe 14"].map {
            try index.withLines(index.search($0, limit: 20).hits)
        }
    }

    static func bodies(_ index: SearchIndex) async throws -> [Data] {
        try await index.writer.read { db in try Data.fetchAll(db, sql: "SELECT text FROM document_bodies ORDER BY id") }
    }

    /// Rewrites every body of `index` in blocks, as an index without a dictionary stores them.
    static func rewriteInBlocks(_ index: SearchIndex) async throws {
        try await index.writer.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, text FROM document_bodies")
            for row in rows {
                let text = try #require((row[1] as Data).withUnsafeBytes(TextCompression.decompress))
                try db.execute(sql: "UPDATE document_bodies SET text = ? WHERE id = ?",
                               arguments: [Data(TextCompression.compress(text)), row[0] as Int64])
            }
        }
    }

    static func isShortBody(_ stored: Data) -> Bool { stored[stored.startIndex + 3] & 0x80 != 0 }

    @Test func theWriteThatReachesEnoughShortBodiesTrainsTheDictionaryAndSearchesShowTheSame() async throws {
        let index = try SearchIndex.inMemory()
        let long = Self.paragraphs(60, from: 20_000).joined(separator: "\n")
        let changes = Self.documents(Self.paragraphs(BodyDictionary.minimumSamples + 100) + [long])
        try await index.apply(Array(changes.prefix(600)))
        let dictionaries = { try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM body_dictionaries") } }
        #expect(try await dictionaries() == 0)
        #expect(try await Self.bodies(index).allSatisfy { !Self.isShortBody($0) })
        try await index.apply(Array(changes.dropFirst(600)))
        #expect(try await dictionaries() == 1)
        // The bodies written before the dictionary were rewritten with it; the long one stays in blocks.
        let stored = try await Self.bodies(index)
        #expect(stored.dropLast().allSatisfy(Self.isShortBody))
        #expect(stored.last.map(Self.isShortBody) == false)
        let shown = try Self.shown(index)
        #expect(shown.allSatisfy { !$0.isEmpty })
        #expect(shown.contains { $0.contains { $0.line != nil && $0.line! > 1 } })
        // Later writes use the dictionary; replacing and removing read the old text back.
        try await index.apply([.upsert(.text("/p/3.txt", title: "Remplacé", body: "Le cheval noir traversa le gué.")),
                               .remove(path: "/p/4.txt")])
        #expect(try await Self.bodies(index).dropLast().allSatisfy(Self.isShortBody))
        #expect(try index.search("gué").hits.map(\.snippet) == ["Le cheval noir traversa le gué"])
        #expect(try index.names("\"Paragraphe 4\"").isEmpty)
        try await index.checkFullTextIntegrity()
        // The same index with every body in blocks shows the same.
        let withDictionary = try Self.shown(index)
        let size = try await Self.bodies(index).reduce(0) { $0 + $1.count }
        try await Self.rewriteInBlocks(index)
        #expect(try await Self.bodies(index).reduce(0) { $0 + $1.count } > size)
        #expect(try Self.shown(index) == withDictionary)
    }

    @Test func aBodyStoredAheadIsCurrentOnlyWithTheDictionaryItWasOffered() throws {
        let dictionary = try Self.dictionary()
        let text = Self.paragraphs(1, from: 7_000)[0]
        let inBlocks = StoredBody(text, dictionary: nil)
        let withDictionary = StoredBody(text, dictionary: dictionary)
        #expect(inBlocks.isCurrent(with: nil))
        #expect(!inBlocks.isCurrent(with: dictionary))
        #expect(withDictionary.isCurrent(with: dictionary))
        #expect(!withDictionary.isCurrent(with: nil))
        #expect(Self.isShortBody(withDictionary.bytes) && !Self.isShortBody(inBlocks.bytes))
        #expect(withDictionary.bytes.withUnsafeBytes(TextCompression.decompress) == text)
        // A long text is in blocks whatever the dictionary.
        let long = StoredBody(Self.paragraphs(40).joined(separator: "\n\n"), dictionary: nil)
        #expect(long.isCurrent(with: dictionary))
    }

    @Test func aBatchAnalysedWhileTheWriteBeforeItTrainsTheDictionaryIsStoredWithIt() async throws {
        let index = try SearchIndex.inMemory()
        let changes = Self.documents(Self.paragraphs(BodyDictionary.minimumSamples + 300))
        let training = Task<Void, any Error> { try await index.apply(Array(changes.prefix(BodyDictionary.minimumSamples))) }
        // Its bodies are compressed ahead, while the write before it has no dictionary yet.
        try await index.apply(Array(changes.dropFirst(BodyDictionary.minimumSamples)), after: training)
        let stored = try await Self.bodies(index)
        #expect(stored.count == changes.count)
        #expect(stored.allSatisfy(Self.isShortBody))
        #expect(try index.names("\"Paragraphe 1200\"") == ["1200.txt"])
    }

    @Test func aDamagedBodyGivesTrainingUpWithoutKeepingTheWriteOut() async throws {
        let index = try SearchIndex.inMemory()
        let changes = Self.documents(Self.paragraphs(BodyDictionary.minimumSamples + 200))
        try await index.apply(Array(changes.prefix(600)))
        try await index.writer.write { db in
            try db.execute(sql: "UPDATE document_bodies SET text = substr(text, 1, length(text) - 4) WHERE id = 2")
        }
        try await index.apply(Array(changes.dropFirst(600)))
        #expect(try index.documentCount() == changes.count)
        let dictionaries = try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM body_dictionaries") }
        #expect(dictionaries == 0)
        #expect(try await Self.bodies(index).allSatisfy { !Self.isShortBody($0) })
        #expect(try index.names("\"Paragraphe 1000\"") == ["1000.txt"])
    }

    /// Writes an index of format 10 at `path` holding `texts` (bodies in blocks).
    static func writeFormat10Index(at path: String, _ texts: [String]) async throws {
        let environment = TokenizerEnvironment(accents: AccentVocabulary(), words: FuzzyVocabulary(), replays: TermReplays())
        let queue = try DatabaseQueue(path: path, configuration: SearchIndex.configuration(environment))
        try IndexSchema.migrator.migrate(queue, upTo: "v10: common word pairs, titles read from bodies")
        try await queue.write { db in
            for (number, text) in texts.enumerated() {
                try db.execute(sql: """
                    INSERT INTO documents(id, path, title, size, mtime, hash, encoding, format, indexed_at)
                    VALUES (?, ?, ?, 0, 0, 'h', 'utf-8', 'txt', 0)
                    """, arguments: [number + 1, "/p/\(number).txt", "Paragraphe \(number)"])
                try db.execute(sql: "INSERT INTO document_bodies(id, text) VALUES (?, ?)",
                               arguments: [number + 1, Data(TextCompression.compress(text))])
            }
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES('rebuild')")
        }
    }

    /// A new `furetd` process knows no dictionary until it reads the index's: a migration that
    /// rebuilds the full-text data (format 13's) reads bodies compressed with one.
    @Test func aNewProcessMigratesAnIndexWhoseShortBodiesUseADictionary() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        let texts = Self.paragraphs(BodyDictionary.minimumSamples + 50)
        try await Self.writeFormat10Index(at: path, texts)
        let environment = TokenizerEnvironment(accents: AccentVocabulary(), words: FuzzyVocabulary(), replays: TermReplays())
        let queue = try DatabaseQueue(path: path, configuration: SearchIndex.configuration(environment))
        try IndexSchema.migrator.migrate(queue, upTo: "v12: folders stored once")
        let short = try await queue.read { db in
            try Data.fetchAll(db, sql: "SELECT text FROM document_bodies").filter(Self.isShortBody).count
        }
        #expect(short == texts.count)
        try queue.close()

        let run = folder.path + "/run"
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        let daemon = try DaemonProcess(["--socket", run + "/furet.sock", "--index", path])
        defer { kill(daemon.process.processIdentifier, SIGTERM) }
        var reply: [String: Any]?
        for _ in 0..<600 where reply == nil && daemon.process.isRunning {
            try await Task.sleep(for: .milliseconds(50))
            guard let client = try? TestClient(path: run + "/furet.sock") else { continue }
            try client.send(#"{"jsonrpc":"2.0","id":1,"method":"search","params":{"query":"\"Paragraphe 14\""}}"# + "\n")
            reply = try await client.receiveOffPool()
        }
        let hits = (reply?["result"] as? [String: Any])?["hits"] as? [[String: Any]]
        #expect(hits?.first?["path"] as? String == "/p/14.txt", "\(reply ?? [:]) \(daemon.log)")
        kill(daemon.process.processIdentifier, SIGTERM)
        #expect(await daemon.waitForExit() == 0)
    }

    @Test func anIndexOfFormat10GetsADictionaryForItsShortBodies() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        let texts = Self.paragraphs(BodyDictionary.minimumSamples + 300) + [Self.paragraphs(60, from: 20_000).joined(separator: "\n")]
        try await Self.writeFormat10Index(at: path, texts)
        let index = try SearchIndex(path: path)
        let version = try await index.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") }
        #expect(version == IndexSchema.formatVersion)
        let stored = try await Self.bodies(index)
        #expect(stored.count == texts.count)
        #expect(stored.dropLast().allSatisfy(Self.isShortBody))
        #expect(stored.last.map(Self.isShortBody) == false)
        let read = try await index.writer.read { db in try String.fetchAll(db, sql: "SELECT body FROM documents_text ORDER BY id") }
        #expect(read == texts)
        try await index.checkFullTextIntegrity()
        let shown = try Self.shown(index)
        #expect(shown.allSatisfy { !$0.isEmpty })
        try await Self.rewriteInBlocks(index)
        #expect(try Self.shown(index) == shown)
    }

    @Test func aMigrationThatFailsLeavesTheIndexOfFormat10AsItWas() async throws {
        let folder = try TemporaryFolder()
        let path = folder.path + "/index.sqlite"
        try await Self.writeFormat10Index(at: path, Self.paragraphs(BodyDictionary.minimumSamples + 300))
        // A damaged short body, met while the bodies are rewritten.
        let damaged = BodyDictionary.minimumSamples + 250
        let environment = TokenizerEnvironment(accents: AccentVocabulary(), words: FuzzyVocabulary(), replays: TermReplays())
        let queue = try DatabaseQueue(path: path, configuration: SearchIndex.configuration(environment))
        try await queue.write { db in
            try db.execute(sql: "UPDATE document_bodies SET text = substr(text, 1, length(text) - 4) WHERE id = ?", arguments: [damaged])
        }
        let before = try await queue.read { db in try Data.fetchAll(db, sql: "SELECT text FROM document_bodies ORDER BY id") }
        try queue.close()
        #expect(throws: (any Error).self) { try SearchIndex(path: path) }
        let reopened = try DatabaseQueue(path: path, configuration: SearchIndex.configuration(environment))
        let (version, tables, after) = try await reopened.read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"),
             try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_schema WHERE name = 'body_dictionaries'"),
             try Data.fetchAll(db, sql: "SELECT text FROM document_bodies ORDER BY id"))
        }
        #expect(version == 10)
        #expect(tables == 0)
        #expect(after == before)
    }
}
