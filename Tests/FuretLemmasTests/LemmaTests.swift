import FuretAnalysis
import FuretLemmas
import Testing

/// The lemmas (`@…` query forms) the analyzer gives a single word.
private func lemmas(_ word: String) throws -> Set<String> {
    let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
    let tokens = analyzer.analyze(word).first?.queryTokens ?? []
    return Set(tokens.filter { TermKind(token: $0) == .lemma }.map { String($0.dropFirst()) })
}

/// Whether a query for `query` matches a document containing `document`: the document's
/// indexed tokens and the query's searched tokens meet.
private func matches(query: String, document: String) throws -> Bool {
    let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
    let indexed = Set(analyzer.analyze(document).first?.tokens ?? [])
    let searched = Set(analyzer.analyze(query).first?.queryTokens ?? [])
    return !indexed.isDisjoint(with: searched)
}

@Suite struct LemmaTests {
    @Test(arguments: [
        ("voulut", "vouloir"), ("étaient", "être"), ("fait", "faire"), ("firent", "faire"), ("eut", "avoir"),
        ("vinrent", "venir"), ("sont", "être"), ("allèrent", "aller"), ("mangeons", "manger"),
    ])
    func irregularVerbsMeetTheirInfinitive(form: String, lemma: String) throws {
        let found = try lemmas(form)
        #expect(found.contains(try FrenchAnalyzer().analyze(lemma).first?.folded ?? ""), "\(form) → \(found)")
        #expect(try matches(query: form, document: lemma) && matches(query: lemma, document: form))
    }

    @Test(arguments: [("voulut", "voulais"), ("étaient", "sommes"), ("firent", "faisait"), ("chevaux", "cheval"), ("eut", "avons")])
    func formsOfOneLemmaFindEachOther(query: String, document: String) throws {
        #expect(try matches(query: query, document: document), "\(query) → \(document)")
        #expect(try matches(query: document, document: query), "\(document) → \(query)")
    }

    @Test func documentsOmitLemmasTheirStemsAlreadyCover() throws {
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        #expect(analyzer.analyze("maisons").first?.tokens == ["maison", "=maisons"])
        #expect(analyzer.analyze("voulut").first?.tokens.contains("@vouloir") == true)
    }

    @Test(arguments: [("chevaux", "cheval"), ("journaux", "journal"), ("hôpitaux", "hopital"), ("travaux", "travail")])
    func pluralsInAuxMeetTheirSingular(form: String, lemma: String) throws {
        #expect(try lemmas(form).contains(lemma))
        #expect(try matches(query: form, document: String(lemma)) || lemma == "hopital")
    }

    @Test(arguments: [("première", "premier"), ("premières", "premier"), ("nouvelle", "nouveau"), ("publique", "public")])
    func feminineFormsMeetTheMasculine(form: String, lemma: String) throws {
        #expect(try lemmas(form).contains(lemma))
        #expect(try matches(query: form, document: lemma) && matches(query: lemma, document: form))
    }

    @Test func ambiguousFormsKeepEveryLemma() throws {
        #expect(try lemmas("étaient").isSuperset(of: ["etre", "etayer"]))
    }

    @Test func unknownWordsKeepTheirStemsOnly() throws {
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        let word = try #require(analyzer.analyze("Zorglubitudes").first)
        #expect((word.tokens + word.queryTokens).allSatisfy { TermKind(token: $0) != .lemma })
        #expect(word.tokens == ["zorglubitud", "=zorglubitudes"])
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
