import Foundation
import FuretAnalysis
import FuretLemmas
import Testing
@testable import FuretIndex

/// Proximities the ranking checks itself (`furet_ranking_add_proximity`) find what FTS5's
/// `NEAR` finds: the same total, documents, scores, snippets and highlights, whatever the
/// order, distance, forms, elisions and accents, and through the bound that only checks rows
/// which cannot reach the page. Full scoring leaves every proximity to FTS5's `NEAR`.
@Suite struct RankedProximityTests {
    /// Words and forms the documents are made of: inflections and lemmas (`chevaux`,
    /// `dirai`), elisions, accents with and without, and common words that fill the gaps.
    static let vocabulary = [
        "maire", "maires", "fermeture", "fermetures", "cheval", "chevaux", "dit", "dire", "dirai", "l'eau", "d'eau", "eau",
        "été", "ete", "marché", "la", "le", "de", "et", "pluie", "bureau", "école", "écoles", "ville",
    ]

    /// 240 documents of 8 to 140 words drawn from ``vocabulary`` (the same on every run), each
    /// with a title of 3 of them: many rows for each pair, most not close, so that most pages
    /// are full long before the last row.
    static let index = Task { try await wordIndex() }

    static func wordIndex() async throws -> SearchIndex {
        // Word `position` of document `number` (`-1` … `-3`: its title): a fixed pseudo-random draw.
        func word(_ number: Int, _ position: Int) -> String {
            vocabulary[Int(FNV1a.hash(Array("\(number)/\(position)".utf8)) % UInt64(vocabulary.count))]
        }
        let changes = (0..<240).map { number in
            let length = 8 + Int(FNV1a.hash(Array("\(number)".utf8)) % 133)
            let title = (1...3).map { word(number, -$0) }.joined(separator: " ")
            let body = (0..<length).map { word(number, $0) }.joined(separator: " ")
            return IndexChange.upsert(IndexedDocument.text("/mots/\(number).txt", title: title, body: body))
        }
        let index = try SearchIndex.inMemory()
        try await index.apply(changes)
        return index
    }

    static let pairs = [
        ("maire", "fermeture"), ("fermetures", "maires"), ("chevaux", "dire"), ("dirai", "cheval"), ("l'eau", "été"),
        ("eau", "ete"), ("marché", "pluie"), ("école", "ville"), ("la", "de"), ("maire", "maire"),
    ]

    static let queries: [String] = pairs.flatMap { first, second in
        [0, 1, 3, 10].flatMap { distance in
            ["\(first) NEAR/\(distance) \(second)", "\(second) NEAR/\(distance) \(first)", "\"\(first) \(second)\"~\(distance)"]
        } + ["\(first) NEAR \(second)"]
    } + [
        "maire NEAR/2 fermeture NEAR/4 ville", "la NEAR/1 de NEAR/1 et", "\"la fermeture\" NEAR/3 maire",
        "chevaux NEAR/5 \"dire la\"", "(maire NEAR/3 fermeture) école", "((maire NEAR/3 fermeture) (ville OR bureau))",
        "(maire NEAR/3 fermeture) OR bureau", "-(maire NEAR/1 fermeture) ville", "title:(maire NEAR/2 fermeture)",
        "maire NEAR/3 fermeture -pluie", "chevaux NEAR/2 dire chevaux NEAR/2 dire", "eau NEAR/2 été path:mots",
    ]

    @Test(arguments: [1, 3, 100])
    func rankedProximitiesGiveNearsPages(limit: Int) async throws {
        let index = try await Self.index.value
        var matched = 0
        for query in Self.queries {
            let pages = try [ScoringMode.full, .bounded].map { try index.search(query, limit: limit, deadline: .comparisons, exactTotal: true, scoring: $0) }
            #expect(pages[0] == pages[1], "\(query)")
            if pages[0].total > limit { matched += 1 }
        }
        // The comparison means something only if most queries have more matches than the page.
        #expect(matched > Self.queries.count / 2, "\(matched) of \(Self.queries.count) queries have more matches than \(limit)")
    }

    @Test func rankedProximitiesSortByDateAsNearDoes() async throws {
        let index = try await Self.index.value
        for query in ["maire NEAR/3 fermeture", "\"chevaux dire\"~1"] {
            for order in [SearchOrder.date, .newestFirst] {
                let pages = try [ScoringMode.full, .bounded].map { try index.search(query, limit: 5, order: order, deadline: .comparisons, exactTotal: true, scoring: $0) }
                #expect(pages[0] == pages[1], "\(query)")
            }
        }
    }

    /// Only a proximity every match must hold is the ranking's: one inside `OR`, or excluded,
    /// stays FTS5's `NEAR`.
    @Test(arguments: [
        ("maire NEAR/3 fermeture", 1), ("(maire NEAR/3 fermeture) ville", 1), ("maire NEAR pluie ville NEAR école", 2),
        ("((maire NEAR/3 fermeture) ville)", 1), ("(maire NEAR/3 fermeture) OR ville", 0), ("-(maire NEAR/3 fermeture) ville", 0),
        ("(ville OR (maire NEAR/3 fermeture)) école", 0), ("maire NEAR/3 ,", 0),
    ])
    func onlyRequiredProximitiesAreRanked(query: String, proximities: Int) throws {
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let compiled = try QueryCompiler(analyzer: analyzer, accents: AccentVocabulary()).compile(QueryParser.parse(query))
        #expect(compiled.proximities.count == proximities)
        #expect(compiled.match.contains("NEAR(") == (proximities == 0 && query.contains("NEAR/3 f")))
    }

    /// A side's count is the rows holding any of its forms, remembered under the side's
    /// own phrase: the count FTS5 gives `NEAR`'s phrase, so either evaluation finds it.
    @Test func sideCountsAreTheSidesPhrases() async throws {
        let index = try SearchIndex.inMemory()
        try await index.apply([
            .upsert(.text("/a.txt", title: "A", body: "Le cheval et la pluie.")),
            .upsert(.text("/b.txt", title: "B", body: "Les chevaux sous la pluie.")),
            .upsert(.text("/c.txt", title: "C", body: "Un cheval.")),
        ])
        let bounded = try index.search("chevaux NEAR/2 pluie")
        let full = try index.search("chevaux NEAR/2 pluie", scoring: .full)
        #expect(bounded == full)
        #expect(bounded.total == 2)
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let near = try QueryCompiler(analyzer: analyzer, accents: AccentVocabulary())
            .compile(QueryParser.parse("chevaux NEAR/2 pluie"), ranksProximities: false)
        #expect(index.phraseCounts.counts(of: near.phrases.map(\.expression)) == [3, 2])
    }
}
