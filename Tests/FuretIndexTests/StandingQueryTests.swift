@testable import FuretIndex
import Synchronization
import Testing

/// Standing queries on the index alone: what a write hands them.
struct StandingQueryTests {
    /// What a standing query was handed, write after write.
    final class Received: Sendable {
        private let writes = Mutex<[[StandingQuery.Match]]>([])
        var all: [[StandingQuery.Match]] { writes.withLock { $0 } }
        func append(_ matches: [StandingQuery.Match]) { writes.withLock { $0.append(matches) } }
    }

    private func upsert(_ index: SearchIndex, _ documents: [(String, String)]) async throws {
        try await index.apply(documents.map { .upsert(.text($0.0, title: "", body: $0.1)) })
    }

    @Test func aWriteHandsOverTheDocumentsThatNewlyMatchInTheOrderWritten() async throws {
        let index = try SearchIndex.inMemory()
        let received = Received()
        let query = try index.follow("poireaux -navets", deliver: received.append)
        try await upsert(index, [("/d/a.txt", "Des poireaux."), ("/d/b.txt", "Des carottes."), ("/d/c.txt", "Poireau et navets."),
                                 ("/d/d.txt", "Un poireau.")])
        // The edit of a document that matched already, and one that still does not match:
        // nothing; a document edited into matching: changed.
        try await upsert(index, [("/d/a.txt", "Des poireaux, encore."), ("/d/b.txt", "Toujours des carottes.")])
        try await upsert(index, [("/d/c.txt", "Poireau seul."), ("/d/e.txt", "Pas de légume.")])
        try await index.apply([.move(from: "/d/a.txt", to: "/d/z.txt"), .remove(path: "/d/d.txt")])
        index.unfollow(query)
        try await upsert(index, [("/d/f.txt", "Des poireaux.")])

        let writes = received.all.map { $0.map { ($0.hit.path, $0.isNew) } }
        #expect(writes.count == 2)
        #expect(writes.first?.map(\.0) == ["/d/a.txt", "/d/d.txt"] && writes.first?.allSatisfy(\.1) == true)
        #expect(writes.last?.map(\.0) == ["/d/c.txt"] && writes.last?.first?.1 == false)
        #expect(received.all.first?.first?.hit.highlights.isEmpty == false)
    }

    @Test func idsCloseTogetherShareARun() {
        let among = SearchIndex.RankedAmong(ids: [1_100, 2, 1, 300, 1_000, 5_000], documentCounts: [])
        #expect(among.runs == [1...2, 300...300, 1_000...1_100, 5_000...5_000])
        #expect(among.idList == "[1100,2,1,300,1000,5000]")
    }
}
