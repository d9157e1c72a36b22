import Foundation
import FuretAnalysis
import FuretLemmas
import GRDB
import Testing
@testable import FuretIndex

@Suite struct QueryTests {
    static let files = [
        "rapports/budget.txt": "Budget primitif 2024\nLe conseil municipal a voté le budget de la commune.",
        "rapports/audit.md": "# Audit de la commande publique\nLes procédures de marché public sont contrôlées.",
        "presse/conseil.txt": "Le conseil municipal de Grande-Synthe\nLa séance a porté sur le budget et les écoles.",
        "presse/ecoles.html": "<title>Les écoles rénovées</title><p>Le conseil a visité les écoles de la commune.</p>",
        "presse/chevaux.txt": "Course hippique\nLes chevaux ont couru sous la pluie, un cheval est tombé.",
    ]

    @Test(arguments: [
        ("budget conseil", ["budget.txt", "conseil.txt"]),
        ("\"conseil municipal\"", ["budget.txt", "conseil.txt"]),
        ("\"municipal conseil\"", []),
        ("budget -primitif", ["conseil.txt"]),
        ("conseil -\"grande synthe\"", ["budget.txt", "ecoles.html"]),
        ("chevaux OR audit", ["audit.md", "chevaux.txt"]),
        ("proc*", ["audit.md"]),
        ("procé*", ["audit.md"]),
        ("title:écoles", ["ecoles.html"]),
        ("title:\"commande publique\"", ["audit.md"]),
        ("conseil path:presse", ["conseil.txt", "ecoles.html"]),
        ("conseil path:rapports/", ["budget.txt"]),
        ("conseil ext:html", ["ecoles.html"]),
        ("conseil ext:.TXT", ["budget.txt", "conseil.txt"]),
        ("cheval", ["chevaux.txt"]),
        ("écoles commune", ["ecoles.html"]),
    ])
    func everyQueryForm(query: String, expected: [String]) async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        #expect(try index.names(query).sorted() == expected, "\(query)")
    }

    @Test func dateFiltersUseTheFileModificationTime() async throws {
        let (index, indexer, folder) = try await indexedFolder(Self.files)
        let old = QueryParser.parseDate("2020-03-15")!
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: old + 3_600)],
                                              ofItemAtPath: folder.path + "/rapports/budget.txt")
        try await indexer.reconcile(root: folder.path)
        #expect(try index.names("conseil before:2020-03-15") == ["budget.txt"])
        #expect(try index.names("conseil before:2020-03-14").isEmpty)
        #expect(try index.names("conseil after:2020-03-16").sorted() == ["conseil.txt", "ecoles.html"])
        #expect(try index.names("conseil after:2020-03-15 before:2020-03-15") == ["budget.txt"])
    }

    @Test func titleMatchesRankAboveBodyMatches() async throws {
        let (index, _, _) = try await indexedFolder([
            "corps.txt": "Notes diverses\nIl est question de la médiathèque dans une phrase parmi d'autres sur la ville et ses quartiers.",
            "titre.txt": "La médiathèque\nUn bâtiment de la ville et de ses quartiers, ouvert à tous.",
        ])
        #expect(try index.names("médiathèque") == ["titre.txt", "corps.txt"])
        let scores = try index.search("médiathèque").hits.map(\.score)
        #expect(scores[0] > scores[1])
    }

    @Test func theExactFormTypedRanksFirst() async throws {
        let (index, _, _) = try await indexedFolder([
            "singulier.txt": "Note\nLa procédure a été ouverte hier.",
            "pluriel.txt": "Note\nLes procédures ont été ouvertes hier.",
        ])
        #expect(try index.names("procédures") == ["pluriel.txt", "singulier.txt"])
        #expect(try index.names("procédure") == ["singulier.txt", "pluriel.txt"])
    }

    @Test func snippetRangesPointAtTheMatchedWords() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let results = try index.search("chevaux pluie")
        let hit = try #require(results.hits.first)
        let scalars = Array(hit.snippet.unicodeScalars)
        let marked = hit.highlights.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
        // "cheval" matches too: it shares the lemma of "chevaux".
        #expect(marked == ["chevaux", "pluie", "cheval"])
        #expect(results.total == 1)
    }

    @Test func snippetRangesCountUnicodeScalars() async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Titre\n« Ça » — l’été à Noël : cœur"])
        let hit = try #require(try index.search("coeur").hits.first)
        let scalars = Array(hit.snippet.unicodeScalars)
        #expect(hit.highlights.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == ["cœur"])
    }

    @Test func aMatchDeepInAHugeDocumentGetsItsSnippet() async throws {
        let filler = String(repeating: "Une phrase ordinaire sur la procédure. ", count: 10_000)
        let (index, _, _) = try await indexedFolder(["gros.txt": "Gros dossier\n" + filler + "Le mot zorglub est tout au bout."])
        let hit = try #require(try index.search("zorglub").hits.first)
        let scalars = Array(hit.snippet.unicodeScalars)
        #expect(hit.highlights.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == ["zorglub"])
        #expect(hit.snippet.hasPrefix("… "))
        #expect(hit.snippet.hasSuffix("au bout"))
    }

    @Test func snippetsShowTheWindowWithTheMostQueryWords() async throws {
        let text = "Intro\nLe chat dort. " + String(repeating: "Rien à signaler ici. ", count: 40)
            + "Le chat et le chien jouent ensemble. " + String(repeating: "Encore du texte. ", count: 40)
        let (index, _, _) = try await indexedFolder(["a.txt": text])
        let hit = try #require(try index.search("chat chien").hits.first)
        let scalars = Array(hit.snippet.unicodeScalars)
        #expect(hit.highlights.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == ["chat", "chien"])
        #expect(hit.snippet.hasPrefix("… "))
        #expect(hit.snippet.hasSuffix(" …"))
    }

    @Test func phrasesAndExcludedWordsInSnippets() async throws {
        let (index, _, _) = try await indexedFolder(["a.txt": "Titre\nUn guet-apens tendu au bois ; le bois est sombre."])
        let hit = try #require(try index.search("\"guet apens\" -chat sombre").hits.first)
        let scalars = Array(hit.snippet.unicodeScalars)
        #expect(hit.highlights.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) } == ["guet", "apens", "sombre"])
    }

    /// `furet_rank` scores as FTS5's own `bm25()` with the same weights, and counts every match;
    /// a proximity it checks itself as FTS5's `NEAR` (the expression FTS5 scores here).
    @Test(arguments: [
        "conseil", "budget conseil", "conseil -primitif", "chevaux OR audit", "title:écoles", "proc*",
        "conseil NEAR/3 budget", "\"chevaux pluie\"~5", "(budget OR écoles) -(primitif OR rénovées) conseil",
        "(conseil budget) OR (chevaux -audit)",
    ])
    func rankingScoresAreFTS5BM25(text: String) async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let compiled = try QueryCompiler(analyzer: analyzer, accents: index.accents).compile(QueryParser.parse(text), ranksProximities: false)
        let expected = try await index.writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.path, bm25(documents_fts, \(IndexSchema.columnWeights)) FROM documents_fts
                JOIN document_paths d ON d.id = documents_fts.rowid WHERE documents_fts MATCH ?
                """, arguments: [compiled.match]).map { row in (row[0] as String, -(row[1] as Double)) }
        }
        let results = try index.search(text, limit: 100)
        #expect(!expected.isEmpty)
        #expect(results.total == expected.count)
        let scores = Dictionary(uniqueKeysWithValues: results.hits.map { ($0.path, $0.score) })
        for (path, score) in expected {
            #expect(abs((scores[path] ?? .nan) - score) < 1e-9, "\(path)")
        }
        #expect(results.hits.map(\.score) == results.hits.map(\.score).sorted(by: >))
    }

    /// Document counts are remembered between searches, and forgotten when documents change.
    @Test func rankingFollowsDocumentChanges() async throws {
        let (index, indexer, folder) = try await indexedFolder(Self.files)
        let before = try index.search("conseil", limit: 100)
        #expect(try index.search("conseil", limit: 100) == before)
        try folder.write("presse/nouveau.txt", "Autre\nLe conseil, encore le conseil.")
        try await indexer.reconcile(root: folder.path)
        let after = try index.search("conseil", limit: 100)
        #expect(after.total == before.total + 1)
        let budget = { (results: RankedResults) in results.hits.first { $0.path.hasSuffix("budget.txt") }?.score }
        // One more document holds the word: its IDF, and so every score, went down.
        #expect(try #require(budget(after)) < #require(budget(before)))
    }

    @Test func pagesAreSlicesOfTheWholeRanking() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let all = try index.search("conseil OR chevaux OR audit", limit: 100)
        #expect(all.total == 5)
        for offset in 0...5 {
            let page = try index.search("conseil OR chevaux OR audit", limit: 2, offset: offset)
            #expect(page.total == all.total)
            #expect(page.hits == Array(all.hits.dropFirst(offset).prefix(2)))
        }
    }

    /// Once a page is full, `furet_rank` skips the length of rows that cannot enter it even at
    /// their shortest: short pages must still be the head of the whole ranking, scores included.
    @Test func shortPagesAreTheHeadOfTheWholeRanking() async throws {
        var files: [String: String] = [:]
        for number in 0..<40 {
            let filler = String(repeating: "Une phrase ordinaire sur la procédure. ", count: number % 7 * 3 + 1)
            let matches = Array(repeating: "le conseil", count: number % 4 + 1)
            let body = number % 2 == 0 ? matches.joined(separator: " ") + ". " + filler : filler + matches.joined(separator: " ")
            files["doc\(number).txt"] = (number % 9 == 0 ? "Le conseil" : "Document \(number)") + "\n" + body
        }
        let (index, _, _) = try await indexedFolder(files)
        let all = try index.search("conseil", limit: 100)
        #expect(all.total == 40)
        for limit in [1, 2, 3, 5, 10, 20] {
            #expect(try index.search("conseil", limit: limit).hits == Array(all.hits.prefix(limit)), "limit \(limit)")
        }
    }

    @Test func rejectsBadPages() async throws {
        let index = try SearchIndex.inMemory()
        #expect(throws: SearchIndex.InvalidPage.self) { try index.search("a", limit: 0) }
        #expect(throws: SearchIndex.InvalidPage.self) { try index.search("a", limit: 1_001) }
        #expect(throws: SearchIndex.InvalidPage.self) { try index.search("a", offset: -1) }
    }
}

@Suite struct QueryParserTests {
    @Test func parsesOperatorsAndFilters() throws {
        let query = try QueryParser.parse(#"a "b c" -d -"e f" g OR h i* title:j path:k/l ext:md after:2024-05-01 before:2024-06-30"#)
        #expect(query.clauses == [
            .init(alternatives: [.words(["a"])]),
            .init(alternatives: [.words(["b c"])]),
            .init(alternatives: [.words(["d"])], isExcluded: true),
            .init(alternatives: [.words(["e f"])], isExcluded: true),
            .init(alternatives: [.words(["g"]), .words(["h"])]),
            .init(alternatives: [.prefix("i")]),
            .init(alternatives: [.words(["j"])], inTitleOnly: true),
        ])
        #expect(query.pathFragments == ["k/l"])
        #expect(query.extensions == ["md"])
        #expect(query.modifiedAfter == 1_714_521_600)
        #expect(query.modifiedBefore == 1_719_705_600 + 86_400 - 0.001)
    }

    @Test(arguments: ["", "   ", "-a", "-\"a b\"", "path:x", "ext:html after:2024-01-01"])
    func aQueryWithNothingToSearchIsAnError(text: String) {
        #expect(throws: QuerySyntaxError.self) { try QueryParser.parse(text) }
    }

    @Test func aBadDateNamesItsPosition() {
        #expect(throws: QuerySyntaxError(position: 14, message: "after: expects a date as YYYY-MM-DD")) {
            try QueryParser.parse("enquête after:hier")
        }
    }

    @Test(arguments: ["\"a", "a\"", "(a", "a)", "NEAR(a", "a:b", "^a", "a AND b", "x:y:z", "a OR", "OR a"])
    func straySyntaxIsText(text: String) throws {
        #expect(try !QueryParser.parse(text).clauses.isEmpty)
    }
}
