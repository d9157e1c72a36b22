import Foundation
import Testing
@testable import FuretIndex

/// Bounded scoring (``ScoringPlan``) returns the page full scoring returns, and the total is
/// exact up to ``SearchIndex/exactTotalLimit``, then flagged as a lower bound.
@Suite struct BoundedScoringTests {
    /// Documents holding the common words, a few of them the rare ones too: past the total's
    /// limit, and enough rows for the search to score in stages. `dirai` is rare as written,
    /// but its stem and lemma (`dir`, `@dire`) are in every document, through `dire` and `dit`.
    static let commonCount = SearchIndex.exactTotalLimit + 50
    static let rareCount = 40

    /// Built once for the suite's tests: 10,050 documents take a while, and the suite runs
    /// beside others that wait on clocks.
    static let common = Task { try await commonIndex() }

    static func commonIndex() async throws -> SearchIndex {
        let index = try SearchIndex.inMemory()
        let changes = (0..<commonCount).map { number in
            let rare = number % (commonCount / rareCount) == 7 && number / (commonCount / rareCount) < rareCount
            let body = "Note \(number) : un mot commun, il faut le dire, il l'a dit" + (rare ? " et je dirai un mot rarissime" : "")
                + String(repeating: " encore", count: number % 5)
            return IndexChange.upsert(IndexedDocument.text("/notes/\(number).txt", title: "Note \(number)", body: body))
        }
        try await index.apply(changes)
        return index
    }

    @Test func aTotalPastTheLimitIsALowerBoundUnlessTheExactOneIsAsked() async throws {
        let index = try await Self.common.value
        let bounded = try index.search("commun", limit: 10)
        #expect(bounded.total == SearchIndex.exactTotalLimit)
        #expect(bounded.totalIsLowerBound)
        let exact = try index.search("commun", limit: 10, exactTotal: true)
        #expect(exact.total == Self.commonCount)
        #expect(!exact.totalIsLowerBound)
        #expect(exact.hits == bounded.hits)
        let few = try index.search("rarissime", limit: 10)
        #expect(few.total == Self.rareCount)
        #expect(!few.totalIsLowerBound)
    }

    /// The matches of `dirai`'s stem and lemma alone cannot reach a page of the documents
    /// where it is written: they are counted, not scored, and the page is full scoring's.
    @Test(arguments: [1, 10])
    func matchesThatCannotReachThePageAreOnlyCounted(limit: Int) async throws {
        let index = try await Self.common.value
        let query = "dirai"
        let full = try index.ranked(query, keep: limit, scoring: .full)
        let bounded = try index.ranked(query, keep: limit, scoring: .bounded)
        #expect(full.scored == Self.commonCount)
        #expect(bounded.scored < Self.commonCount / 2)
        #expect(bounded.total == Self.commonCount)
        #expect(bounded.hits.map(\.id) == full.hits.map(\.id))
        #expect(bounded.hits.map(\.score) == full.hits.map(\.score))
        // Past the limit, counting stops one match after it.
        let limited = try index.ranked(query, keep: limit, scoring: .bounded, totalLimit: 100)
        #expect(limited.total == 101)
        #expect(limited.hits.map(\.id) == full.hits.map(\.id))
        let pages = try [ScoringMode.full, .bounded].map { try index.search(query, limit: limit, deadline: .comparisons, exactTotal: true, scoring: $0) }
        #expect(pages[0] == pages[1])
        #expect(pages[0].total == Self.commonCount)
    }

    /// The public known-item and latency queries on the sample corpus, scored in stages
    /// however few their matches: the same ranked documents, scores and totals; for the
    /// latency queries, the same pages (snippets included).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: PackagePaths.shared + "/eval"), "../shared/eval is not next to the checkout"))
    func stagedScoringGivesFullScoringsPages() async throws {
        let index = try SearchIndex.inMemory()
        try index.addRoots([PackagePaths.sampleCorpus])
        try await Indexer(index: index).reconcile(root: PackagePaths.sampleCorpus)
        let pruned = try Self.compareWithFullScoring(index, scoring: .staged)
        // The comparison means something only if stages did leave matches unscored. On 36
        // documents most query words are rare, their bounds high: 17 searches of 3,500 do (a
        // million documents is where bounds matter; the case above is the frequent one).
        #expect(pruned >= 10, "\(pruned) searches left matches unscored")
    }
}

extension BoundedScoringTests {
    /// Ranks the public known-item and latency queries on `index` with `scoring` and with full
    /// scoring, keeping 1 and 3 rows, and expects the same ranked documents, scores and totals,
    /// and for the latency queries the same pages (snippets included); returns how many
    /// rankings left matches unscored.
    static func compareWithFullScoring(_ index: SearchIndex, scoring: ScoringMode) throws -> Int {
        let eval = PackagePaths.shared + "/eval/"
        let knownItems = try String(contentsOfFile: eval + "known_item_public.tsv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[0]) }
        let latency = try ["latency_queries_eltec-fr.txt", "latency_queries_debian-fr.txt"].flatMap { name in
            try String(contentsOfFile: eval + name, encoding: .utf8).split(separator: "\n").map(String.init)
        }
        #expect(knownItems.count > 1_000 && latency.count == 400)
        var pruned = 0
        for query in knownItems + latency {
            for keep in [1, 3] {
                // Full scoring first: it counts the phrases' documents, which stages need.
                guard let full = try? index.ranked(query, keep: keep, scoring: .full) else {
                    #expect(throws: (any Error).self, "\(query)") { try index.ranked(query, keep: keep, scoring: scoring) }
                    continue
                }
                let other = try index.ranked(query, keep: keep, scoring: scoring)
                #expect(other.hits.map(\.id) == full.hits.map(\.id), "\(query)")
                #expect(other.hits.map(\.score) == full.hits.map(\.score), "\(query)")
                #expect(other.total == full.total, "\(query)")
                if other.scored < other.total { pruned += 1 }
            }
        }
        for query in latency {
            let pages = try [ScoringMode.full, scoring].map { try index.search(query, limit: 10, deadline: .comparisons, exactTotal: true, scoring: $0) }
            #expect(pages[0] == pages[1], "\(query)")
        }
        return pruned
    }
}

extension SearchIndex {
    /// The ranked matches of `text` (no filter, by relevance), as a search ranks them.
    func ranked(_ text: String, keep: Int, scoring: ScoringMode, totalLimit: Int = .max) throws -> RankedMatches {
        let query = try QueryParser.parse(text)
        let searchGuard = try SearchGuard(.comparisons)
        let generation = phraseCounts.generation
        return try analyzers.withAnalyzer { analyzer in
            let compiled = try QueryCompiler(analyzer: analyzer, accents: accents).compile(query)
            return try writer.read { db in
                try rank(compiled, of: query, keep: keep, asOf: generation, totalLimit: totalLimit, scoring: scoring, guard: searchGuard, db)
            }
        }
    }
}
