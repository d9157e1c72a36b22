import GRDB
import Testing
@testable import FuretIndex

/// A bulk load's batches leave their FTS5 segments unmerged, for the daemon to merge once idle;
/// an ordinary write merges as it goes again (``SegmentMerging``).
@Suite struct SegmentMergingTests {
    @Test func aBulkLoadLeavesItsSegmentsToBeMergedLater() async throws {
        let index = try SearchIndex.inMemory()
        let paragraph = String(repeating: "Le renard court dans la forêt profonde, loin des chemins. ", count: 90)
        for batch in 0..<2 {
            // 200 documents of 5 KiB: a batch over the bulk threshold.
            let documents = (0..<200).map { number in
                IndexedDocument.text("/bulk/\(batch)-\(number).txt", title: "", body: paragraph + "numéro \(batch) \(number)")
            }
            try await index.apply(documents.map(IndexChange.upsert))
            #expect(try await Self.setting("automerge", index) == 0)
            #expect(try await Self.setting("crisismerge", index) == SegmentMerging.crisisMerge)
        }
        #expect(try await Self.segments(index) == 2)

        try await index.apply([.upsert(IndexedDocument.text("/saved.txt", title: "", body: "Un renard de plus."))])
        #expect(try await Self.setting("automerge", index) == SegmentMerging.automerge)
        #expect(try await Self.segments(index) == 3)
        #expect(try index.search("renard", exactTotal: true).total == 401)
        try await index.optimize()
        #expect(try await Self.segments(index) == 1)
        #expect(try index.search("renard", exactTotal: true).total == 401)
        try await index.writer.write { db in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)")
        }
    }

    private static func setting(_ key: String, _ index: SearchIndex) async throws -> Int? {
        try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT v FROM documents_fts_config WHERE k = ?", arguments: [key]) }
    }

    /// FTS5's segments, each with at least one leaf page in the index of its pages.
    private static func segments(_ index: SearchIndex) async throws -> Int? {
        try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM documents_fts_idx") }
    }
}
