import FuretTestSupport
import GRDB
import Testing
@testable import FuretIndex

/// A bulk load's batches leave their FTS5 segments unmerged, for the daemon to merge once idle;
/// other writes merge as they go (``SegmentMerging``).
@Suite struct SegmentMergingTests {
    @Test func aBulkLoadsBatchesLeaveTheirSegmentsToBeMergedLater() async throws {
        let index = try SearchIndex.inMemory()
        for batch in 0..<2 {
            let documents = (0..<50).map { number in
                IndexedDocument.text("/bulk/\(batch)-\(number).txt", title: "", body: "Le renard court, numéro \(batch) \(number).")
            }
            try await index.apply(documents.map(IndexChange.upsert), after: nil, bulkLoad: true)
            #expect(try await Self.setting("automerge", index) == 0)
            #expect(try await Self.setting("crisismerge", index) == SegmentMerging.crisisMerge)
        }
        #expect(try await Self.segments(index) == 2)

        try await index.apply([.upsert(IndexedDocument.text("/saved.txt", title: "", body: "Un renard de plus."))])
        #expect(try await Self.setting("automerge", index) == SegmentMerging.automerge)
        #expect(try await Self.segments(index) == 3)
        #expect(try index.search("renard", exactTotal: true).total == 101)
        try await index.optimize()
        #expect(try await Self.segments(index) == 1)
        #expect(try index.search("renard", exactTotal: true).total == 101)
        try await index.checkFullTextIntegrity()
    }

    /// Indexing a folder into an empty index is a bulk load; a file saved in a larger one is not.
    @Test func theIndexerTellsABulkLoad() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for number in 0..<20 { try folder.write("\(number).txt", "Le renard court, numéro \(number).") }
        let index = try SearchIndex.inMemory()
        try index.addRoots([folder.path])
        let indexer = Indexer(index: index)
        try await indexer.reconcile(root: folder.path)
        #expect(try await Self.setting("automerge", index) == 0)
        try folder.write("0.txt", "Le renard s’arrête.")
        try await indexer.update(paths: [folder.path + "/0.txt"])
        #expect(try await Self.setting("automerge", index) == SegmentMerging.automerge)
        #expect(try index.search("arrête").total == 1)
    }

    @Test func aBulkLoadChangesATenthOfTheDocuments() {
        #expect(SegmentMerging.isBulkLoad(changing: 10, of: 100))
        #expect(!SegmentMerging.isBulkLoad(changing: 9, of: 100))
        #expect(SegmentMerging.isBulkLoad(changing: 1, of: 1))
    }

    private static func setting(_ key: String, _ index: SearchIndex) async throws -> Int? {
        try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT v FROM documents_fts_config WHERE k = ?", arguments: [key]) }
    }

    /// FTS5's segments, each with at least one leaf page in the index of its pages.
    private static func segments(_ index: SearchIndex) async throws -> Int? {
        try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(DISTINCT segid) FROM documents_fts_idx") }
    }
}
