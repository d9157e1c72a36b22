import Foundation
import Testing
@testable import FuretIndex

/// Grouped queries scored as searches score them (rows dropped once their rarest phrases show
/// they cannot reach the page; stages when the matches are many, which `.staged` forces)
/// return the page, scores and total of full scoring, which reads every phrase of every row.
@Suite struct GroupedScoringTests {
    /// Groups nested, `OR` between groups, exclusions of words and groups, phrases and
    /// proximities inside groups, `title:` and `path:`, elisions and unaccented words, on the
    /// sample corpus: few matches, so a search scores them in one pass.
    static let sampleQueries = [
        "(le OR la) de",
        "(conseil municipal) OR projet -éoliennes",
        "((maire OR conseil) (projet -éoliennes)) OR crue",
        "-(crue OR loire) (des OR les) mètres",
        "(\"conseil municipal\" OR mairie) séance",
        "(projet NEAR/5 éolien) OR habitants",
        "(projet NEAR/5 éolien) (la OR le)",
        "title:conseil (de OR la)",
        "path:presse (l'eau OR d'une) la",
        "(eleve OR ecole) (a OR ete) -tribunal",
        "(((des les) OR (du au)) (et OR ou)) -\"conseil municipal\"",
    ]

    /// The same shapes on the index of common words (see ``BoundedScoringTests``), whose
    /// 10,050 matches a search scores in one pass too, the rare words' rows filling the page.
    static let commonQueries = [
        "(commun OR rarissime) dire",
        "(mot commun) OR rarissime -encore",
        "(dirai OR \"mot commun\") encore",
        "-(rarissime OR encore) (dit OR commun)",
        "((note OR rarissime) (dire -encore)) OR dirai",
        "title:note (rarissime OR l'a)",
    ]

    @Test func sampleCorpusGroupsScoreAsFullScoring() async throws {
        let index = try SearchIndex.inMemory()
        try index.addRoots([PackagePaths.sampleCorpus])
        try await Indexer(index: index).reconcile(root: PackagePaths.sampleCorpus)
        let dropped = try Self.compare(Self.sampleQueries, index)
        // The comparison means something only if rows were dropped: common words' rows
        // below a page of rows holding the rarer ones.
        #expect(dropped > 0)
    }

    @Test func commonWordGroupsScoreAsFullScoring() async throws {
        let index = try await BoundedScoringTests.common.value
        let dropped = try Self.compare(Self.commonQueries, index)
        #expect(dropped > BoundedScoringTests.commonCount)
    }

    /// Checks each query's ranked matches (1 and 10 kept) and page against full scoring's;
    /// returns how many rows searches dropped in all.
    static func compare(_ queries: [String], _ index: SearchIndex) throws -> Int {
        var dropped = 0
        for query in queries {
            for keep in [1, 10] {
                let full = try index.ranked(query, keep: keep, scoring: .full)
                #expect(full.total > 0, "\(query)")
                #expect(full.dropped == 0, "\(query)")
                for scoring in [ScoringMode.bounded, .staged] {
                    let bounded = try index.ranked(query, keep: keep, scoring: scoring)
                    #expect(bounded.hits.map(\.id) == full.hits.map(\.id), "\(query) \(scoring)")
                    #expect(bounded.hits.map(\.score) == full.hits.map(\.score), "\(query) \(scoring)")
                    #expect(bounded.total == full.total, "\(query) \(scoring)")
                    if scoring == .bounded { dropped += bounded.dropped }
                }
            }
            let pages = try [ScoringMode.full, .bounded].map { try index.search(query, limit: 10, deadline: .comparisons, exactTotal: true, scoring: $0) }
            #expect(pages[0] == pages[1], "\(query)")
        }
        return dropped
    }
}
