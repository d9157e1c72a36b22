import Testing
@testable import FuretIndex

/// French sentences through the real `french` FTS5 tokenizer: every analysis rule, end to end.
@Suite struct FTS5RoundTripTests {
    static let files = [
        "enquete.txt": "L’enquête sur le guet-apens de Grande-Synthe\nLes enquêteurs ont établi qu'il était présent jusqu'à minuit.",
        "coeur.txt": "Affaires de cœur\nUne œuvre écrite avec le cœur, ex æquo au concours.",
        "premiere.txt": "La première audience\nLes premières procédures ont commencé ; la pénalité est lourde.",
        "premier.txt": "Le premier rapport\nLe premier ministre a reçu le rapport sans préjudice de l'article 40.",
        "aujourdhui.txt": "Chronique\nAujourd’hui, le site coco.gg a fermé ses portes.",
    ]

    @Test(arguments: [
        ("enquete", ["enquete.txt"]), ("ENQUÊTE", ["enquete.txt"]), ("l'enquête", ["enquete.txt"]),
        ("l’enquete", ["enquete.txt"]), ("qu’il", ["enquete.txt"]), ("jusqu'a minuit", ["enquete.txt"]),
        ("coeur", ["coeur.txt"]), ("cœur", ["coeur.txt"]), ("oeuvre", ["coeur.txt"]), ("aequo", ["coeur.txt"]),
        ("procédure", ["premiere.txt"]), ("procedures", ["premiere.txt"]), ("penalites", ["premiere.txt"]),
        ("guet-apens", ["enquete.txt"]), ("\"guet apens\"", ["enquete.txt"]), ("grande synthe", ["enquete.txt"]),
        ("\"sans préjudice\"", ["premier.txt"]), ("\"l'article 40\"", ["premier.txt"]),
        ("aujourd'hui", ["aujourdhui.txt"]), ("coco.gg", ["aujourdhui.txt"]), ("\"coco gg\"", ["aujourdhui.txt"]),
    ])
    func findsFrenchSpellings(query: String, expected: [String]) async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        #expect(try index.names(query) == expected, "\(query)")
    }

    @Test func inflectionsGroupWithAndWithoutAccents() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        #expect(try Set(index.names("première")) == ["premiere.txt", "premier.txt"])
        #expect(try Set(index.names("premiere")) == ["premiere.txt", "premier.txt"])
        #expect(try Set(index.names("premier")) == ["premiere.txt", "premier.txt"])
    }

    @Test func snippetHighlightsTheOriginalWords() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let hit = try #require(try index.search("enquete guet").hits.first)
        let scalars = Array(hit.snippet.unicodeScalars)
        let marked = hit.highlights.map { String(String.UnicodeScalarView(scalars[$0.start..<$0.end])) }
        #expect(marked == ["enquête", "guet"] || marked == ["enquête", "guet", "enquêteurs"] || marked.contains("enquête"))
        #expect(marked.contains("guet"))
        #expect(!hit.snippet.contains("\n"))
    }
}
