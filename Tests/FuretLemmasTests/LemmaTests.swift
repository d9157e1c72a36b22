import FuretAnalysis
import FuretLemmas
import Testing

/// The lemma forms (`@…`) the analyzer gives a single word.
private func lemmas(_ word: String) throws -> Set<String> {
    let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
    let tokens = analyzer.analyze(word).first?.tokens ?? []
    return Set(tokens.filter { TermKind(token: $0) == .lemma }.map { String($0.dropFirst()) })
}

@Suite struct LemmaTests {
    @Test(arguments: [
        ("voulut", "vouloir"), ("étaient", "etre"), ("fait", "faire"), ("firent", "faire"), ("eut", "avoir"),
        ("vinrent", "venir"), ("sont", "etre"), ("allèrent", "aller"), ("mangeons", "manger"),
    ])
    func irregularVerbsMeetTheirInfinitive(form: String, lemma: String) throws {
        let found = try lemmas(form)
        #expect(found.contains(lemma), "\(form) → \(found)")
    }

    @Test(arguments: [("chevaux", "cheval"), ("journaux", "journal"), ("hôpitaux", "hopital"), ("travaux", "travail")])
    func pluralsInAuxMeetTheirSingular(form: String, lemma: String) throws {
        #expect(try lemmas(form).contains(lemma))
    }

    @Test(arguments: [("première", "premier"), ("premières", "premier"), ("nouvelle", "nouveau"), ("publique", "public")])
    func feminineFormsMeetTheMasculine(form: String, lemma: String) throws {
        #expect(try lemmas(form).contains(lemma))
    }

    @Test func ambiguousFormsKeepEveryLemma() throws {
        #expect(try lemmas("étaient").isSuperset(of: ["etre", "etayer"]))
    }

    @Test func unknownWordsKeepTheirStemsOnly() throws {
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let tokens = try #require(analyzer.analyze("Zorglubitudes").first?.tokens)
        #expect(tokens.allSatisfy { TermKind(token: $0) != .lemma })
        #expect(tokens.contains("=zorglubitudes"))
    }

    @Test func lemmasAreFoldedAndCached() throws {
        let cache = try LemmaDictionary.sharedCache()
        var first: [[UInt8]] = []
        var second: [[UInt8]] = []
        cache.appendLemmas(of: Array("étaient".utf8), to: &first)
        cache.appendLemmas(of: Array("étaient".utf8), to: &second)
        #expect(first == second)
        #expect(first.map { String(decoding: $0, as: UTF8.self) }.contains("être"))
    }

    @Test func aMissingDictionaryIsAClearError() {
        #expect(throws: LemmaError.dictionaryMissing("/nonexistent/fr.aff")) {
            try HunspellDictionary(aff: "/nonexistent/fr.aff", dic: "/nonexistent/fr.dic")
        }
    }
}
