import FuretAnalysis
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

    /// Every query form is handed a document it matches: the tokens it waits for
    /// (``TermTriggers``) never leave out a write that holds a match. Checked against what a
    /// search of the same index finds.
    @Test(arguments: [
        ("poireaux", "Des poireaux."),
        ("poireau", "Des poireaux."),
        ("voulut", "Elle voulait partir."),
        ("legumes", "Des légumes."),
        ("\"poireaux frais\"", "Les poireaux frais du marché."),
        ("poir*", "Des poireaux."),
        ("marché poir*", "Des poireaux au marché."),
        ("poireaux NEAR/2 marché", "Au marché, des poireaux."),
        ("\"poireaux marché\"~3", "Au marché, des poireaux."),
        ("(carottes OR poireaux) marché", "Des poireaux au marché."),
        ("(poireaux marché) OR navets", "Des poireaux au marché."),
        ("poireaux -navets", "Des poireaux au marché."),
        ("title:poireaux", "Rien ici."),
    ])
    func aQueryIsHandedEveryDocumentItMatches(query: String, body: String) async throws {
        let index = try SearchIndex.inMemory()
        try await index.apply([.upsert(.text("/d/old.txt", title: "", body: "Du marché aux navets, des poireaux."))])
        let received = Received()
        _ = try index.follow(query, deliver: received.append)
        try await index.apply([.upsert(.text("/d/new.txt", title: "Poireaux", body: body)),
                               .upsert(.text("/d/other.txt", title: "", body: "Des carottes."))])
        let found = try index.search(query, limit: 10).hits.map(\.path).filter { $0 != "/d/old.txt" }
        #expect(found == ["/d/new.txt"])
        #expect(received.all.flatMap { $0.map(\.hit.path) } == found)
    }

    /// A proximity is checked on a write's documents as a search checks it: both words in
    /// one document but too far apart is no match.
    @Test func aProximityIsHandedOnlyDocumentsWithTheWordsCloseEnough() async throws {
        let index = try SearchIndex.inMemory()
        let received = Received()
        _ = try index.follow("poireaux NEAR/2 marché", deliver: received.append)
        try await upsert(index, [
            ("/d/loin.txt", "Des poireaux, des carottes, des navets et des choux au marché."),
            ("/d/proche.txt", "Au marché, des poireaux."),
        ])
        #expect(received.all.flatMap { $0.map(\.hit.path) } == ["/d/proche.txt"])
        #expect(try index.search("poireaux marché").total == 2)
    }

    /// A query waits for the tokens of its clause the fewest documents hold, and a write
    /// holding none of them does not set it off.
    @Test func aQueryWaitsForItsRarestClause() async throws {
        let index = try SearchIndex.inMemory()
        try await index.apply((1...3).map { .upsert(.text("/d/\($0).txt", title: "", body: "Une affaire de plus.")) })
        let dupont = try index.follow("affaire Dupont", deliver: { _ in })
        let prefix = try index.follow("affaire dup*", deliver: { _ in })
        let excluded = try index.follow("affaire -dupont", deliver: { _ in })
        #expect(dupont.triggers?.exact.contains(Array("dupont".utf8)) == true)
        #expect(dupont.triggers?.exact.contains(Array("affair".utf8)) == false)
        #expect(prefix.triggers?.prefixes.isEmpty == true)
        #expect(excluded.triggers?.exact.contains(Array("dupont".utf8)) == false)

        let triggers = TermTriggers([dupont, prefix, excluded])
        let analyzer = try FrenchAnalyzer()
        func triggered(_ text: String) -> Set<String> {
            var seen = Set<Int>()
            var text = text
            text.withUTF8 { bytes in analyzer.forEachTerm(in: bytes) { triggers.note($0.bytes, into: &seen) } }
            return Set(triggers.queries(triggeredBy: seen).map(\.text))
        }
        #expect(triggered("Des carottes.") == [])
        #expect(triggered("Monsieur Dupont.") == ["affaire Dupont"])
        #expect(triggered("Une affaire.") == ["affaire dup*", "affaire -dupont"])
        #expect(triggers.queries(triggeredBy: nil).count == 3)
    }

    @Test func idsCloseTogetherShareARun() {
        let among = SearchIndex.RankedAmong(ids: [1_100, 2, 1, 300, 1_000, 5_000], documentCounts: [])
        #expect(among.runs == [1...2, 300...300, 1_000...1_100, 5_000...5_000])
        #expect(among.idList == "[1100,2,1,300,1000,5000]")
    }
}
