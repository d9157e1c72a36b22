import Foundation
import GRDB
import Testing
@testable import FuretIndex

/// Score bounds by block of rows (``ScoreBounds``, ``StoredScoreBounds``): a search reads only
/// the blocks whose rows can reach the page, and returns the page full scoring returns, before
/// and after writes that the bounds no longer bound. The rankings are `.staged`: the few
/// thousand matches here are ranked in one pass otherwise (``ScoringPlan/minimumRows``).
@Suite struct ScoreBoundsTests {
    /// 2,000 notes holding `pluie` once, but ten, in one block, holding it six times: the page
    /// of `pluie` is theirs.
    static let noteCount = 2_000
    static let rainy = 500..<510

    static func rainIndex() async throws -> SearchIndex {
        let index = try SearchIndex.inMemory()
        try await index.apply((0..<noteCount).map { number in
            let rain = Self.rainy.contains(number) ? 6 : 1
            let body = "Note \(number) du carnet : " + Array(repeating: "la pluie", count: rain).joined(separator: ", ")
                + String(repeating: " et encore un mot", count: number % 7)
            return .upsert(.text("/carnet/\(number).txt", title: "Note \(number)", body: body))
        })
        return index
    }

    @Test func aSearchReadsOnlyTheBlocksThatCanReachThePage() async throws {
        let index = try await Self.rainIndex()
        #expect(try await index.computeScoreBounds(shift: 4, minimumDocuments: 100) > 0)
        for keep in [1, 10] {
            let full = try index.ranked("pluie", keep: keep, scoring: .full)
            let bounded = try index.ranked("pluie", keep: keep, scoring: .staged)
            #expect(bounded.hits.map(\.id) == full.hits.map(\.id))
            #expect(bounded.hits.map(\.score) == full.hits.map(\.score))
            #expect(bounded.total == Self.noteCount)
            // The rainy notes' block, and the first blocks read before the page is full; the
            // other rows are only counted.
            #expect(bounded.scored - bounded.dropped < 100, "\(bounded.scored - bounded.dropped) rows scored")
        }
        let names = try index.search("pluie", limit: 10).hits.map(\.path)
        #expect(Set(names) == Set(Self.rainy.map { "/carnet/\($0).txt" }))
    }

    /// A note written after the bounds, in a block they said holds no such row, still reaches
    /// the page; so does a new one, past every block.
    @Test func rowsWrittenSinceTheBoundsAreReadWhole() async throws {
        let index = try await Self.rainIndex()
        #expect(try await index.computeScoreBounds(shift: 4, minimumDocuments: 100) > 0)
        let storm = "Note d'orage : " + Array(repeating: "pluie", count: 12).joined(separator: ", ")
        try await index.apply([
            .upsert(.text("/carnet/1500.txt", title: "Note 1500", body: storm)),
            .upsert(.text("/carnet/orage.txt", title: "Orage", body: storm)),
        ])
        let full = try index.ranked("pluie", keep: 3, scoring: .full)
        let bounded = try index.ranked("pluie", keep: 3, scoring: .staged)
        #expect(bounded.hits.map(\.id) == full.hits.map(\.id))
        #expect(bounded.hits.map(\.score) == full.hits.map(\.score))
        let paths = try index.search("pluie", limit: 2).hits.map(\.path)
        #expect(Set(paths) == ["/carnet/1500.txt", "/carnet/orage.txt"])
        // Blocks of 16 notes hold too few matches to be read one by one: one pass reads the
        // rest, scoring the blocks before the rainy one's (the page's worst score is a note's
        // of one `pluie` until then), counting the others.
        #expect(bounded.scored - bounded.dropped < Self.noteCount / 2, "\(bounded.scored - bounded.dropped) rows scored")
    }

    /// Bounds computed from a snapshot are not stored once a document was written since: they
    /// would bound the rows as they were.
    @Test func boundsOfAnOlderSnapshotAreNotStored() async throws {
        let index = try await Self.rainIndex()
        let computed = try await index.writer.read { db in
            try StoredScoreBounds.compute(shift: 4, minimumDocuments: 100, isWanted: { true }, db)
        }
        let snapshot = try #require(computed)
        try await index.apply([.upsert(.text("/carnet/nouvelle.txt", title: "Nouvelle", body: "Encore de la pluie"))])
        #expect(try await index.writer.write { db in try StoredScoreBounds.store(snapshot, db) } == false)
        #expect(try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM score_bounds") } == 0)
        let stopped = try await index.writer.read { db in
            try StoredScoreBounds.compute(shift: 4, minimumDocuments: 100, isWanted: { false }, db)
        }
        #expect(stopped == nil)
    }

    /// Only tokens in enough documents get bounds, and only once the index has that many.
    @Test func onlyFrequentTokensGetBounds() async throws {
        let index = try await Self.rainIndex()
        #expect(try await index.refreshScoreBounds(share: 0.1, while: { true }) == nil)
        let count = try await index.computeScoreBounds(shift: 4, minimumDocuments: Int64(Self.noteCount))
        let tokens = try await index.writer.read { db in try String.fetchSet(db, sql: "SELECT token FROM score_bounds") }
        #expect(count == tokens.count)
        #expect(tokens.contains("plui") && tokens.contains("not"))
        #expect(!tokens.contains("encor"), "in 6 notes of 7")
    }

    /// An index large enough for bounds, but without a token that frequent: the computation
    /// stores none, and is not made again at the next idle moment.
    @Test func aComputationThatFindsNoFrequentTokenIsNotRepeated() async throws {
        let index = try SearchIndex.inMemory()
        let letters = Array("bcdfghjklmnpqrstvwxz")
        // A word of its own for each document: five consonants from its number.
        let words = (0..<Int(StoredScoreBounds.minimumDocuments)).map { number in
            String((0..<5).map { letters[number / Int(pow(Double(letters.count), Double($0))) % letters.count] })
        }
        try await index.apply(words.enumerated().map { number, word in
            .upsert(.text("/mots/\(number).txt", title: "", body: word))
        })
        #expect(try await index.refreshScoreBounds(share: 0.1, while: { true }) == 0)
        #expect(try await index.refreshScoreBounds(share: 0.1, while: { true }) == nil)
        #expect(try await index.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM score_bounds") } == 0)
    }

    /// The public known-item and latency queries on the sample corpus, with bounds for every
    /// token in blocks of two rows, scored block by block however few their matches: the same
    /// ranked documents, scores and totals, and the same pages.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: PackagePaths.shared + "/eval"), "../shared/eval is not next to the checkout"))
    func blockScoringGivesFullScoringsPages() async throws {
        let index = try SearchIndex.inMemory()
        try index.addRoots([PackagePaths.sampleCorpus])
        try await Indexer(index: index).reconcile(root: PackagePaths.sampleCorpus)
        #expect(try await index.computeScoreBounds(shift: 1, minimumDocuments: 1) > 1_000)
        let pruned = try BoundedScoringTests.compareWithFullScoring(index, scoring: .staged)
        #expect(pruned >= 10, "\(pruned) searches left matches unscored")
    }
}

extension SearchIndex {
    /// Computes and stores the bounds of the tokens in `minimumDocuments` documents or more,
    /// in blocks of 2^`shift` rows; returns how many tokens got some.
    func computeScoreBounds(shift: Int, minimumDocuments: Int64) async throws -> Int {
        let computed = try await writer.read { db in
            try StoredScoreBounds.compute(shift: shift, minimumDocuments: minimumDocuments, isWanted: { true }, db)
        }
        let bounds = try #require(computed)
        #expect(try await writer.write { db in try StoredScoreBounds.store(bounds, db) })
        return bounds.tokens
    }
}
