import FuretAnalysis
import FuretLemmas
import GRDB
import Testing
@testable import FuretIndex

/// Bodies analysed ahead of the writer and replayed by the tokenizer must index exactly what
/// the tokenizer's own analysis would.
@Suite struct DocumentAnalysisTests {
    static let text = "L’ENQUÊTE a révélé qu'un guet-apens… Les chevaux étaient là, cœur\u{00A0}battant. Voulut-il ?"

    @Test func replayedTermsAreTheAnalyzersTerms() throws {
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        var direct: [String] = []
        var text = Self.text
        text.withUTF8 { buffer in
            analyzer.forEachTerm(in: buffer) { direct.append(Self.describe($0.bytes, $0.isColocated, $0.start, $0.end)) }
        }
        var replayed: [String] = []
        let status = RecordedTerms(analyzing: Self.text, with: analyzer).replay { bytes, isColocated, start, end in
            replayed.append(Self.describe(bytes, isColocated, start, end))
            return 0
        }
        #expect(status == 0)
        #expect(direct.count > 20)
        #expect(replayed == direct)
    }

    @Test func replayStopsAtTheFirstError() throws {
        let analyzer = try FrenchAnalyzer()
        var calls = 0
        let status = RecordedTerms(analyzing: "un deux trois", with: analyzer).replay { _, _, _, _ in
            calls += 1
            return calls == 2 ? 7 : 0
        }
        #expect(status == 7)
        #expect(calls == 2)
    }

    @Test func aTextTooLongToRecordIsLeftToTheTokenizer() throws {
        let text = String(repeating: "Les chevaux étaient fourbus. ", count: RecordedTerms.maximumTextBytes / 20)
        #expect(text.utf8.count > RecordedTerms.maximumTextBytes)
        let replays = TermReplays()
        var replayed = 0
        let recording = RecordedTerms(analyzing: text, with: try FrenchAnalyzer())
        _ = recording.replay { _, _, _, _ in
            replayed += 1
            return 0
        }
        #expect(replayed == 0)
        replays.offer([recording])
        #expect(Self.take(text, from: replays) == nil)
    }

    @Test func aRecordingReplaysOnlyForItsOwnTextAndOnce() throws {
        let replays = TermReplays()
        replays.offer([RecordedTerms(analyzing: "la maison", with: try FrenchAnalyzer())])
        #expect(Self.take("la maisons", from: replays) == nil)
        #expect(Self.take("la maiso", from: replays) == nil)
        #expect(Self.take("la maison", from: replays) != nil)
        #expect(Self.take("la maison", from: replays) == nil)
    }

    @Test func aTitleAndABodyAreEachTakenOnceInEitherOrder() throws {
        let analyzer = try FrenchAnalyzer()
        let replays = TermReplays()
        replays.offer([RecordedTerms(analyzing: "Le titre", with: analyzer), RecordedTerms(analyzing: "Le corps du texte", with: analyzer)])
        #expect(Self.take("Le corps du texte", from: replays) != nil)
        #expect(Self.take("Le corps du texte", from: replays) == nil)
        #expect(Self.take("Le titre", from: replays) != nil)
        #expect(Self.take("Le titre", from: replays) == nil)
    }

    @Test func aWriteAfterAFailedOneWritesNothingAndThrowsItsError() async throws {
        struct Failure: Error, Equatable {}
        let index = try SearchIndex.inMemory()
        let failed = Task<Void, any Error> { throw Failure() }
        await #expect(throws: Failure.self) {
            try await index.apply([.upsert(IndexedDocument.text("/a.txt", title: "A", body: "Le cheval."))], after: failed)
        }
        #expect(try index.documentCount() == 0)
        let written = Task<Void, any Error> {
            try await index.apply([.upsert(IndexedDocument.text("/b.txt", title: "B", body: "Le cheval."))])
        }
        try await index.apply([.upsert(IndexedDocument.text("/c.txt", title: "C", body: "Le cheval voulut partir."))], after: written)
        #expect(try Set(index.names("cheval")) == ["b.txt", "c.txt"])
    }

    @Test func workersHandEveryTextToTheWriterInOrder() throws {
        // Texts of growing size, more of them than the lookahead lets workers run ahead.
        let texts = (0..<(3 * DocumentAnalysis.lookahead)).map { number in
            "document \(number) : les chevaux" + String(repeating: " étaient", count: number % 50 * 10)
        }
        let environment = TokenizerEnvironment(accents: AccentVocabulary(), words: FuzzyVocabulary(), replays: TermReplays())
        let analysis = DocumentAnalysis(texts: texts, analyzers: .forDocuments(recordingIn: environment))
        defer { analysis.stop() }
        for (index, text) in texts.enumerated() {
            let terms = try #require(analysis.take(index).terms)
            var text = text
            #expect(text.withUTF8 { terms.isRecording(of: $0) })
        }
    }

    @Test func theIndexMatchesItsStoredTextAfterEveryKindOfWrite() async throws {
        let index = try SearchIndex.inMemory()
        // A one-line document's title is its body: each takes one of the two recordings.
        try await index.apply([
            .upsert(IndexedDocument.text("/a.txt", title: "Une ligne", body: "Une ligne")),
            .upsert(IndexedDocument.text("/b.txt", title: "L’enquête", body: Self.text)),
            .upsert(IndexedDocument.text("/c.txt", title: "Chevaux", body: "Les chevaux étaient fourbus.")),
        ])
        // Idle memory released between writes (as furetd does) is taken again as needed.
        index.releaseIdleMemory()
        try await index.apply([
            .upsert(IndexedDocument.text("/b.txt", title: "Autre titre", body: Self.text)),
            .upsert(IndexedDocument.text("/c.txt", title: "Chevaux", body: "Le cheval voulut partir.")),
            .remove(path: "/a.txt"),
        ])
        // Rebuilding makes FTS5 tokenise every stored text again, with no recording to
        // replay: the index must not change, stale tokens of replaced bodies included.
        let written = try await Self.instances(in: index)
        try await index.writer.write { db in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts) VALUES('rebuild')")
        }
        #expect(written.count > 30)
        #expect(try await Self.instances(in: index) == written)
        #expect(try index.names("enquete guet-apens") == ["b.txt"])
        #expect(try index.names("voulut partir") == ["c.txt"])
        #expect(try Set(index.names("cheval")) == ["b.txt", "c.txt"])
        #expect(try index.names("fourbus").isEmpty)
    }

    @Test(.timeLimit(.minutes(1)))
    func concurrentWritesAllLand() async throws {
        // More writes at once than analyzers are kept, each longer than the workers'
        // lookahead, so workers of writes waiting for the writer wait too.
        let index = try SearchIndex.inMemory()
        let writes = 2 * AnalyzerPool.capacity
        // Two texts a document (title and body); the total stays under the exact count's limit.
        let perWrite = DocumentAnalysis.lookahead / 2 + 1
        try await withThrowingTaskGroup(of: Void.self) { group in
            for write in 0..<writes {
                group.addTask {
                    try await index.apply((0..<perWrite).map { number in
                        .upsert(IndexedDocument.text("/\(write)/\(number).txt", title: "Écrit \(write)", body: "Le cheval numéro \(number) voulut partir."))
                    })
                }
            }
            try await group.waitForAll()
        }
        #expect(try index.documentCount() == writes * perWrite)
        #expect(try index.search("cheval", limit: 1).total == writes * perWrite)
    }

    /// Every token occurrence of the index: term, document, column, position.
    private static func instances(in index: SearchIndex) async throws -> [String] {
        try await index.writer.write { db in
            try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.instances USING fts5vocab(main, 'documents_fts', 'instance')")
            return try String.fetchAll(db, sql: """
                SELECT term || ' ' || doc || ' ' || col || ' ' || offset FROM temp.instances ORDER BY doc, col, offset, term
                """)
        }
    }

    private static func describe(_ bytes: UnsafeBufferPointer<UInt8>, _ isColocated: Bool, _ start: Int, _ end: Int) -> String {
        "\(String(decoding: bytes, as: UTF8.self)) \(start)-\(end)\(isColocated ? " colocated" : "")"
    }

    private static func take(_ text: String, from replays: TermReplays) -> RecordedTerms? {
        var text = text
        return text.withUTF8 { replays.take(matching: $0) }
    }
}
