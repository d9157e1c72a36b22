import Foundation
import FuretAnalysis
import FuretLemmas
import Testing
@testable import FuretIndex

/// Proximity, groups and date order: searched on real indexes, and parsed.
@Suite struct QueryLanguageTests {
    static let proximity = [
        // maire … fermeture: 3 words between them.
        "proche.txt": "Note\nLe maire a annoncé la fermeture du marché.",
        // The other order, 3 words between them.
        "inverse.txt": "Note\nLa fermeture voulue par le maire surprend.",
        // Other forms of both words, 1 word between them.
        "formes.txt": "Note\nMaires et fermetures : le débat.",
        // More than 10 words between them.
        "loin.txt": "Note\nLe maire est arrivé tôt ce matin pour visiter les écoles de la ville, puis il a décidé la fermeture.",
        "seul.txt": "Note\nLa fermeture des bureaux est prévue.",
    ]

    @Test(arguments: [
        ("maire NEAR/3 fermeture", ["formes.txt", "inverse.txt", "proche.txt"]),
        ("maire NEAR/2 fermeture", ["formes.txt"]),
        ("fermeture NEAR/3 maire", ["formes.txt", "inverse.txt", "proche.txt"]),
        ("maire NEAR fermeture", ["formes.txt", "inverse.txt", "proche.txt"]),
        ("maire NEAR/30 fermeture", ["formes.txt", "inverse.txt", "loin.txt", "proche.txt"]),
        ("\"maire fermeture\"~3", ["formes.txt", "inverse.txt", "proche.txt"]),
        ("\"maire fermeture\"~1", ["formes.txt"]),
        ("\"fermeture maire\"", []),
        ("maires NEAR/1 fermetures", ["formes.txt"]),
        ("maire NEAR/2 \"la fermeture\"", ["proche.txt"]),
        ("maire NEAR/3 \"la fermeture\"", ["inverse.txt", "proche.txt"]),
        ("maire NEAR/0 fermeture", []),
        ("marché NEAR/5 maire NEAR/2 fermeture", ["proche.txt"]),
        ("-(maire NEAR/3 fermeture) fermeture", ["loin.txt", "seul.txt"]),
        ("title:note NEAR/1 maire", []),
        ("(maire NEAR/3 fermeture) OR bureaux", ["formes.txt", "inverse.txt", "proche.txt", "seul.txt"]),
    ])
    func proximity(query: String, expected: [String]) async throws {
        let (index, _, _) = try await indexedFolder(Self.proximity)
        #expect(try index.names(query).sorted() == expected, "\(query)")
    }

    static let groups = [
        "coco.txt": "Le site coco annonce sa fermeture.",
        "tchat.txt": "Le tchat ferme : fermeture définitive du service.",
        "divers.txt": "Fait divers : fermeture du tchat après un drame.",
        "travaux.txt": "Des travaux sur la route.",
        "communique.txt": "Communiqué : la fermeture du coco est confirmée.",
    ]

    @Test(arguments: [
        ("(coco OR tchat) fermeture -\"fait divers\"", ["coco.txt", "communique.txt", "tchat.txt"]),
        ("(coco fermeture) OR travaux", ["coco.txt", "communique.txt", "travaux.txt"]),
        ("fermeture -(annonce OR communiqué)", ["divers.txt", "tchat.txt"]),
        ("-(annonce OR communiqué) fermeture", ["divers.txt", "tchat.txt"]),
        ("((coco OR tchat) -(fait divers)) OR travaux", ["coco.txt", "communique.txt", "tchat.txt", "travaux.txt"]),
        ("(tchat (fermeture OR travaux))", ["divers.txt", "tchat.txt"]),
        ("(fermeture) (coco)", ["coco.txt", "communique.txt"]),
        ("fermeture -(coco -annonce)", ["coco.txt", "divers.txt", "tchat.txt"]),
        ("(route OR (coco annonce) OR (drame -coco))", ["coco.txt", "divers.txt", "travaux.txt"]),
        ("(travaux", ["travaux.txt"]),
        ("coco) fermeture", ["coco.txt", "communique.txt"]),
    ])
    func grouping(query: String, expected: [String]) async throws {
        let (index, _, _) = try await indexedFolder(Self.groups)
        #expect(try index.names(query).sorted() == expected, "\(query)")
    }

    @Test func groupsAndProximityParse() throws {
        #expect(try QueryParser.parse(#"(coco OR tchat) fermeture -"fait divers""#).clauses == [
            .init(alternatives: [.words(["coco"]), .words(["tchat"])]),
            .init(alternatives: [.words(["fermeture"])]),
            .init(alternatives: [.words(["fait divers"])], isExcluded: true),
        ])
        #expect(try QueryParser.parse("(coco fermeture) OR travaux").clauses == [
            .init(alternatives: [.group([.init(alternatives: [.words(["coco"])]), .init(alternatives: [.words(["fermeture"])])]),
                                 .words(["travaux"])]),
        ])
        #expect(try QueryParser.parse("x -(annonce OR communiqué)").clauses == [
            .init(alternatives: [.words(["x"])]),
            .init(alternatives: [.words(["annonce"]), .words(["communiqué"])], isExcluded: true),
        ])
        #expect(try QueryParser.parse(#"a NEAR/5 "b c" NEAR d"#).clauses == [
            .init(alternatives: [.near(sides: ["a", "b c", "d"], distance: 10)]),
        ])
        #expect(try QueryParser.parse(#""a b c"~0"#).clauses == [.init(alternatives: [.near(sides: ["a", "b", "c"], distance: 0)])])
        #expect(try QueryParser.parse("f(x) :)").clauses == [
            .init(alternatives: [.words(["f(x)"])]), .init(alternatives: [.words([":)"])]),
        ])
    }

    /// Each hostile variant is searched as text or refused with a syntax error inside the
    /// text: never an error from FTS5.
    @Test(arguments: [
        "NEAR/", "NEAR/-1", "\"a\"~", "(((", ")", "a NEAR/", "a NEAR/-1 b", "a NEAR/5", "NEAR/5 a", "\"a b\"~",
        "\"a b\"~-1", "\"a b\"~99999", "a NEAR/99999 b", "((a)", "(a))", ")a(", "-()", "()", "(-a)", "a OR (-b)",
        "a* NEAR b", "(a b) NEAR c", "a NEAR (b c)", "a NEAR bo*", "NEAR", "a NEAR", "a NEAR NEAR b", "-(-(a))",
        "a NEAR/2 \"b c\"~3", "(a OR) b", "(OR)", "-", "( )", "\"(\" a)", "NEAR(a b)", "a NEAR/٣ b", "(a NEAR) b",
    ])
    func hostileVariants(text: String) async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Note\na b c d", "b.txt": "Note\nbo near"])
        do {
            _ = try index.search(text)
        } catch let error as QuerySyntaxError {
            #expect((0..<max(text.count, 1)).contains(error.position), "\(text): \(error)")
        }
    }

    @Test(arguments: [
        ("NEAR/", 0, "NEAR/ expects"), ("NEAR/-1", 0, "NEAR/ expects"), ("a NEAR/-1 b", 2, "NEAR/ expects"),
        ("a NEAR/5", 2, "each side"), ("NEAR/5 a", 0, "each side"), ("ab* NEAR b", 0, "not prefixes"),
        ("(a b) NEAR c", 0, "not prefixes, groups"), ("a NEAR/3 (b c)", 9, "not prefixes, groups"), ("x (-a)", 2, "a group needs"),
        ("a NEAR/1001 b", 2, "from 0 to 1000"),
    ])
    func malformedProximityNamesItsPosition(text: String, position: Int, message: String) {
        #expect {
            try QueryParser.parse(text)
        } throws: { error in
            guard let error = error as? QuerySyntaxError else { return false }
            return error.position == position && error.message.contains(message)
        }
    }

    @Test(arguments: ["a NEAR", "NEAR a", "\"a b\"~", "\"a\"~5", "a ~3", "a NEAR (b c)"])
    func bareOperatorsAreText(text: String) throws {
        let terms = try QueryParser.parse(text).allTerms
        #expect(!terms.contains { if case .near = $0 { true } else { false } }, "\(text)")
    }

    @Test func costLimitsCountGroupsAndProximity() throws {
        let words = QueryCostTests.distinctWords(QueryCost.maximumWords + 1)
        for text in [
            "(" + words.joined(separator: " ") + ")",
            words[0] + " OR (" + words.dropFirst().joined(separator: " (") + String(repeating: ")", count: words.count - 1),
            "\"" + words.joined(separator: " ") + "\"~5",
            words[0] + " NEAR " + words.dropFirst().joined(separator: " NEAR "),
        ] {
            #expect(throws: QueryCostError.tooManyWords(QueryCost.maximumWords + 1, maximum: QueryCost.maximumWords)) {
                try QueryCost.check(QueryParser.parse(text))
            }
        }
        #expect(throws: QueryCostError.tooManyPrefixes(5, maximum: QueryCost.maximumPrefixes)) {
            try QueryCost.check(QueryParser.parse("(ab* OR cd*) (ef* -(gh* ij*))"))
        }
        #expect(throws: QueryCostError.prefixTooShort(minimum: QueryCost.minimumPrefixLetters)) {
            try QueryCost.check(QueryParser.parse("x OR (y d*)"))
        }
        #expect(QueryCost.isCostly(try QueryParser.parse("x (y OR pr*)")))
    }

    /// A proximity left to FTS5 has one phrase per side, with every form of its word; one
    /// left to the ranking, a phrase per form: each form counts toward
    /// ``QueryCost/maximumPhrases`` either way.
    @Test func proximityFormsCountTowardThePhraseLimit() throws {
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let compiler = QueryCompiler(analyzer: analyzer, accents: AccentVocabulary())
        let query = try QueryParser.parse("chevaux NEAR pluie")
        let near = try compiler.compile(query, ranksProximities: false)
        let ranked = try compiler.compile(query)
        let separate = try compiler.compile(QueryParser.parse("chevaux pluie"))
        #expect(near.phrases.count == 2)
        #expect(near.phrases.map(\.term) == [0, 1])
        #expect(near.phrases.reduce(0) { $0 + $1.forms } == separate.phrases.count)
        #expect(near.match.hasPrefix("NEAR("))
        #expect(near.proximities.isEmpty)
        #expect(ranked.phrases.map(\.term) == separate.phrases.map(\.term))
        #expect(ranked.phrases.reduce(0) { $0 + $1.forms } == separate.phrases.count)
        #expect(!ranked.match.contains("NEAR"))
        #expect(ranked.proximities.map(\.sides.count) == [2])
        #expect(ranked.proximities.first?.sides.map(\.expression) == near.phrases.map(\.expression))
    }

    @Test func typoCorrectionsStayOutOfProximity() async throws {
        let (index, _, _) = try await indexedFolder(Self.proximity)
        // The premise: the misspelling is corrected as a word.
        #expect(try index.search("mairre fermeture").total > 0)
        let near = try index.search("mairre NEAR/3 fermeture")
        #expect(near.total == 0)
        #expect(near.hits.isEmpty)
        #expect(near.suggestion == nil)
    }

    @Test func hitsSortByDate() async throws {
        let (index, indexer, folder) = try await indexedFolder([
            "ancien.txt": "Note\nLa fermeture est annoncée.",
            "moyen.txt": "Note\nLa fermeture fermeture fermeture est confirmée.",
            "recent.txt": "Note\nLa fermeture est effective.",
            "date.html": "<html><head><title>Note</title><meta name=\"date\" content=\"2001-06-01\"></head><body><p>La fermeture est datée.</p></body></html>",
        ])
        for (name, day) in [("ancien.txt", "2010-01-01"), ("moyen.txt", "2015-01-01"), ("recent.txt", "2020-01-01"), ("date.html", "2024-01-01")] {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: QueryParser.parseDate(day)!)],
                                                  ofItemAtPath: folder.path + "/" + name)
        }
        try await indexer.reconcile(root: folder.path)
        func names(_ order: SearchOrder, limit: Int = 10, offset: Int = 0) throws -> [String] {
            try index.search("fermeture", limit: limit, offset: offset, order: order).hits.map { ($0.path as NSString).lastPathComponent }
        }
        // The HTML document's metadata date (2001) wins over its file's (2024).
        #expect(try names(.date) == ["date.html", "ancien.txt", "moyen.txt", "recent.txt"])
        #expect(try names(.newestFirst) == ["recent.txt", "moyen.txt", "ancien.txt", "date.html"])
        #expect(try names(.relevance).first == "moyen.txt")
        // A page keeps the first in date order, not the best scored.
        #expect(try names(.newestFirst, limit: 1) == ["recent.txt"])
        #expect(try names(.date, limit: 2, offset: 1) == ["ancien.txt", "moyen.txt"])
        #expect(try index.search("fermeture", limit: 1, order: .date).total == 4)
        let hit = try #require(try index.search("fermeture", order: .date).hits.first)
        #expect(hit.score > 0)
        #expect(!hit.highlights.isEmpty)
    }
}
