import Testing
@testable import FuretIndex

/// The row count read from FTS5's averages record is the number of documents, through
/// writes and removals, and its varints decode as SQLite writes them.
@Suite struct FTS5RowCountTests {
    @Test func itCountsTheDocumentsThroughWritesAndRemovals() async throws {
        let index = try SearchIndex.inMemory()
        #expect(try await index.writer.read(FTS5RowCount.documents) == 0)
        let documents = (0..<300).map { number in
            IndexedDocument.text("/notes/\(number).txt", title: "Note \(number)", body: "la note numéro \(number)")
        }
        try await index.apply(documents.map(IndexChange.upsert))
        #expect(try await index.writer.read(FTS5RowCount.documents) == 300)
        try await index.apply((0..<120).map { IndexChange.remove(path: "/notes/\($0 * 2).txt") })
        let counted = try await index.writer.read { db in try Int64.fetchOne(db, sql: "SELECT count(*) FROM documents") }
        #expect(counted == 180)
        #expect(try await index.writer.read(FTS5RowCount.documents) == counted)
    }

    @Test func varintsDecodeAsSQLiteWritesThem() {
        #expect(FTS5RowCount.decodeVarint([0x05, 0xFF]) == 5)
        #expect(FTS5RowCount.decodeVarint([0x81, 0x00]) == 128)
        // 1,000,000, as the averages record of a million-document index starts.
        #expect(FTS5RowCount.decodeVarint([0xBD, 0x84, 0x40, 0x90]) == 1_000_000)
        // The ninth byte holds 8 bits.
        #expect(FTS5RowCount.decodeVarint(Array(repeating: 0xFF, count: 9)) == -1)
        #expect(FTS5RowCount.decodeVarint([0x80, 0x80]) == nil)
        #expect(FTS5RowCount.decodeVarint([]) == nil)
    }
}
