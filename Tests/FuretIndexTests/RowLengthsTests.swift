import FuretTestSupport
import Testing
@testable import FuretIndex

/// A reading connection keeps the lengths of the rows it ranked for its next searches, and
/// forgets them once the index changes (`RowLengths.h`): its scores stay those a new
/// connection gives.
@Suite struct RowLengthsTests {
    @Test func aReaderKeepsItsRowsLengthsUntilTheIndexChanges() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/index.sqlite"
        let index = try SearchIndex(path: path)
        try await index.apply((0..<60).map { number in
            // A third of the documents without the word, which then weighs something.
            let words = number < 40 ? "Le renard " + String(repeating: "court encore ", count: number % 7 + 1) : "Le chat dort"
            return .upsert(IndexedDocument.text("/notes/\(number).txt", title: "", body: words))
        })
        let first = try index.ranked("renard", keep: 5, scoring: .full)
        #expect(first.lengthReads > 0)
        // Searches one after the other take the same reader, the first idle one.
        let again = try index.ranked("renard", keep: 5, scoring: .full)
        #expect(again.lengthReads == 0)
        #expect(again.hits.map(\.id) == first.hits.map(\.id))
        #expect(again.hits.map(\.score) == first.hits.map(\.score))

        #expect(first.hits.map(\.id) == [1, 8, 15, 22, 29])

        // One of the longest documents, kept under its id, becomes the shortest: the best hit.
        try await index.apply([.upsert(IndexedDocument.text("/notes/20.txt", title: "", body: "Le renard"))])
        let changed = try index.ranked("renard", keep: 5, scoring: .full)
        #expect(changed.lengthReads > 0)
        #expect(changed.hits.map(\.id) == [21, 1, 8, 15, 22])
        let fresh = try SearchIndex(path: path).ranked("renard", keep: 5, scoring: .full)
        #expect(changed.hits.map(\.id) == fresh.hits.map(\.id))
        #expect(changed.hits.map(\.score) == fresh.hits.map(\.score))
    }

    /// The writer's own changes would not show in the file's data version before they commit:
    /// a connection that can write keeps no length.
    @Test func aConnectionThatWritesKeepsNone() async throws {
        let index = try SearchIndex.inMemory()
        try await index.apply([.upsert(IndexedDocument.text("/notes/1.txt", title: "", body: "Le renard court"))])
        for _ in 0..<2 {
            #expect(try index.ranked("renard", keep: 5, scoring: .full).lengthReads == 1)
        }
    }
}
