import Foundation
import FuretAnalysis
import Testing
@testable import FuretIndex

@Suite struct TypoCorrectorTests {
    static let files = [
        "fermeture.txt": "Arrêté de fermeture\nLa fermeture administrative de l'établissement est prononcée pour trois mois.",
        "procedure.txt": "Procédure civile\nLa procédure d'appel suit l'enquête préliminaire du parquet.",
        "ministre.txt": "Déclaration\nGérald Darmanin, ministre de l'Intérieur, a écrit au gestionnaire du réseau.",
        "photo.txt": "Le laboratoire\nLe paragraphe trois traite de la photographie numérique et du sommeil.",
        "appeler.txt": "Consignes\nIl faut appeler le bureau avant midi.",
        "les-deux.txt": "Compte rendu\nLa procédure de fermeture du site est close.",
        "reference.txt": "Code de la consommation\nL'article L.121-1 interdit les pratiques trompeuses; réseau ipv6, fichiers mp3.",
        "ferme.txt": "La ferme\nUne ferme au bord de la route.",
        "forme.txt": "La forme\nUne forme ronde.",
    ]

    /// One typing error of each kind, in a word of five letters or more.
    @Test(arguments: [
        ("fermture", "fermeture.txt"),          // a letter dropped
        ("enuqête préliminaire", "procedure.txt"), // two letters swapped
        ("fermetyre administrative", "fermeture.txt"), // an AZERTY neighbour (u → y)
        ("apeler bureau", "appeler.txt"),      // a doubled consonant undoubled
        ("someil", "photo.txt"),               // and the other way round
        ("procèdure civile", "procedure.txt"), // a wrong accent
        ("numérike", "photo.txt"),             // qu → k: two edits, the same sound
        ("fotographie", "photo.txt"),          // ph → f
        ("gestionnère", "ministre.txt"),       // ai → è
        ("Darmannin", "ministre.txt"),         // a name, capitalised, consonant doubled
    ])
    func aMistypedWordFindsItsDocument(query: String, expected: String) async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        #expect(try index.names(query).first == expected, "\(query)")
    }

    /// Words shorter than four letters are never corrected: too many words are one edit away.
    @Test(arguments: ["mos", "frm", "rte"])
    func shortWordsAreNotCorrected(query: String) async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let results = try index.search(query)
        #expect(results.total == 0, "\(query)")
        #expect(results.suggestion == nil)
    }

    /// A query whose words all exist and that finds something is searched as typed: `forme`,
    /// one edit from `ferme`, is not added.
    @Test func aCorrectQueryRanksExactlyAsTyped() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let results = try index.search("ferme", limit: 10)
        #expect(results.hits.map { ($0.path as NSString).lastPathComponent } == ["ferme.txt"])
        #expect(results.total == 1)
        #expect(results.suggestion == nil)
    }

    @Test func exactHitsComeBeforeCorrectedOnesInTheirOwnOrder() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        // A full page (limit 2) is never corrected: the ranking as typed.
        let asTyped = try index.search("forme OR ferme OR fermture", limit: 2)
        #expect(asTyped.total == 2)
        let completed = try index.search("forme OR ferme OR fermture", limit: 10)
        #expect(Array(completed.hits.prefix(2)) == asTyped.hits)
        #expect(completed.hits.dropFirst(2).map { ($0.path as NSString).lastPathComponent }.sorted()
            == ["fermeture.txt", "les-deux.txt"])
        #expect(completed.total == 4)
        #expect(completed.suggestion == "forme OR ferme OR fermeture")
        #expect(!completed.isCorrected)
    }

    @Test func exclusionsAreNotCorrected() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        // `-fermture` excludes nothing: were it corrected, les-deux.txt would go.
        #expect(try index.names("procédure -fermture").sorted() == ["les-deux.txt", "procedure.txt"])
    }

    @Test func phrasesAreNotCorrected() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let results = try index.search("\"fermture administrative\"")
        #expect(results.total == 0)
        #expect(results.suggestion == nil)
        #expect(try index.names("\"fermeture administrative\"") == ["fermeture.txt"])
    }

    @Test(arguments: [
        ("fermuture", "fermeture", true),
        ("procèdre civile", "procédure civile", true),
        ("Darmannin ministre", "Darmanin ministre", true),
        ("l'enuqête", "l'enquête", true),
    ])
    func theResultSuggestsTheCorrectedQuery(query: String, suggestion: String, corrected: Bool) async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let results = try index.search(query)
        #expect(results.suggestion == suggestion, "\(query)")
        #expect(results.isCorrected == corrected)
        #expect(!results.hits.isEmpty)
    }

    @Test func aCorrectQueryHasNoSuggestion() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let results = try index.search("fermeture")
        #expect(results.suggestion == nil)
        #expect(!results.isCorrected)
    }

    @Test func analyzeShowsTheCorrectionsOfAnUnknownWord() async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        let tokens = try index.explain("fermuture bureau", asQuery: true)
        #expect(tokens.contains(TokenExplanation(token: "fermeture", kind: .fuzzy, start: 0, end: 9)))
        // A word the documents have is shown as it is searched, without corrections.
        #expect(!tokens.contains { $0.kind == .fuzzy && $0.start == 10 })
        // Documents are analysed without corrections.
        #expect(!(try index.explain("fermuture", asQuery: false)).contains { $0.kind == .fuzzy })
    }

    /// Legal references and codes are typed with and without their dots, hyphens and spaces.
    @Test(arguments: [
        ("L121-1", "reference.txt"),
        ("L. 121-1", "reference.txt"),
        ("l.121-1", "reference.txt"),
        ("IPv6", "reference.txt"),
        ("ipv 6", "reference.txt"),
        ("MP3", "reference.txt"),
    ])
    func lettersAndDigitsMatchHoweverTheyAreJoined(query: String, expected: String) async throws {
        let (index, _, _) = try await indexedFolder(Self.files)
        #expect(try index.names(query) == [expected], "\(query)")
    }
}

@Suite struct SortedWordsTests {
    /// The optimal string alignment distance, computed the plain way.
    private static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }

    @Test func theWalkFindsWhatComparingEveryWordFinds() {
        var generator = SystemRandomNumberGenerator()
        let letters = Array("aeiousrtnlc".utf8)
        let words = Set((0..<3_000).map { _ in
            String(decoding: (0..<Int.random(in: 4...10, using: &generator)).map { _ in letters.randomElement(using: &generator)! },
                   as: UTF8.self)
        })
        let sorted = SortedWords(words)
        for query in words.shuffled().prefix(40) + ["tronc", "aeiou", "sssss"] {
            let bytes = Array(query.utf8)
            for maximum in 1...2 {
                let found = Set(sorted.words(within: maximum, of: bytes).map { "\($0.word) \($0.distance)" })
                let expected = Set(words.compactMap { word -> String? in
                    let distance = Self.distance(Array(word.utf8), bytes)
                    return distance <= maximum ? "\(word) \(distance)" : nil
                })
                #expect(found == expected, "\(query) within \(maximum)")
            }
        }
    }

    @Test(arguments: [
        ("paragrafe", "paragraphe"),
        ("numerike", "numerique"),
        ("gestionnere", "gestionnaire"),
        ("otorite", "autorite"),
        ("chemisse", "chemise"),
        ("byet", "billet"),
        ("myiers", "milliers"),
        ("bato", "bateau"),
        ("coke", "coque"),
    ])
    func frenchSoundSpellingsShareAKey(typed: String, meant: String) {
        #expect(FrenchSpelling.soundKey(of: typed) == FrenchSpelling.soundKey(of: meant))
    }

    @Test func differentWordsKeepDifferentKeys() {
        #expect(FrenchSpelling.soundKey(of: "maison") != FrenchSpelling.soundKey(of: "raison"))
        #expect(FrenchSpelling.soundKey(of: "vieux") != FrenchSpelling.soundKey(of: "mieux"))
        #expect(FrenchSpelling.soundKey(of: "pont") != FrenchSpelling.soundKey(of: "pondait"))
        #expect(FrenchSpelling.soundKey(of: "fais") != FrenchSpelling.soundKey(of: "faisait"))
    }
}
