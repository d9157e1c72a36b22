import FuretAnalysis
@testable import FuretLemmas
import Foundation
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


/// The trimmed copy of the affix file must give every word the lemmas of the dictionary as
/// installed, routed words (units, apostrophes) included.
@Suite struct TrimmedAffixesTests {
    static let unmodified = Result { try HunspellDictionary(aff: HunspellDictionary.debianFrench.aff, dic: HunspellDictionary.debianFrench.dic, trimmedCopy: false) }
    static let trimmed = Result { try HunspellDictionary(aff: HunspellDictionary.debianFrench.aff, dic: HunspellDictionary.debianFrench.dic) }

    /// Words whose lemmas come from the empty-affix prefix rules, elided forms, irregular
    /// forms, and the words of the bundled sample corpus.
    static func words() throws -> [String] {
        let chosen = ["mètres", "secondes", "kilomètres", "centimètres", "grammes", "as", "mm", "cm", "lux", "volts",
                      "newton", "l'homme", "qu'il", "aujourd'hui", "aimer", "voulut", "étaient", "chevaux", "premières"]
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleCorpus/documents")
        var corpus = Set<String>()
        for case let file as URL in FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) ?? .init() {
            guard let data = FileManager.default.contents(atPath: file.path) else { continue }
            corpus.formUnion(String(decoding: data, as: UTF8.self).lowercased().split { !$0.isLetter }.map(String.init))
        }
        #expect(corpus.count > 1_000)
        return chosen + corpus.sorted()
    }

    @Test func trimmedCopyGivesTheSameLemmas() throws {
        let (unmodified, trimmed) = (try Self.unmodified.get(), try Self.trimmed.get())
        var differing: [String] = []
        trimmed.openBulkHandle()
        for word in try Self.words() where unmodified.lemmas(of: Array(word.utf8)) != trimmed.lemmas(of: Array(word.utf8)) {
            differing.append(word)
        }
        #expect(differing.isEmpty)
        #expect(trimmed.lemmas(of: Array("mètres".utf8)).map { String(decoding: $0, as: UTF8.self) }.contains("mètre"))
    }

    @Test func lookupsFromTwoThreadsAgree() async throws {
        let (unmodified, trimmed) = (try Self.unmodified.get(), try Self.trimmed.get())
        let words = try Self.words()
        let expected = words.map { unmodified.lemmas(of: Array($0.utf8)) }
        trimmed.openBulkHandle()
        let results = await withTaskGroup(of: [[[UInt8]]].self) { group in
            for _ in 0..<2 { group.addTask { words.map { trimmed.lemmas(of: Array($0.utf8)) } } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 2 && results.allSatisfy { $0 == expected })
    }

    @Test func affixFilesWithoutLongFlagsAreLeftAlone() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("furet-aff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let aff = folder.appendingPathComponent("x.aff").path, dic = folder.appendingPathComponent("x.dic").path
        try "SET UTF-8\nSFX S Y 1\nSFX S 0 s .\n".write(toFile: aff, atomically: true, encoding: .utf8)
        try "1\nchat/S\n".write(toFile: dic, atomically: true, encoding: .utf8)
        #expect(TrimmedAffixes(aff: aff, dic: dic) == nil)
        let dictionary = try HunspellDictionary(aff: aff, dic: dic)
        dictionary.openBulkHandle()
        #expect(dictionary.lemmas(of: Array("chats".utf8)) == [Array("chat".utf8)])
    }

    /// Lookups give the same lemmas whether the bulk handle is open or not.
    @Test func theBulkHandleOpensAndCloses() throws {
        // An instance of its own: the other tests keep theirs open.
        let trimmed = try HunspellDictionary(aff: HunspellDictionary.debianFrench.aff, dic: HunspellDictionary.debianFrench.dic)
        let expected = try Self.unmodified.get().lemmas(of: Array("voulions".utf8))
        #expect(!expected.isEmpty)
        for _ in 0..<3 {
            trimmed.openBulkHandle()
            #expect(trimmed.lemmas(of: Array("voulions".utf8)) == expected)
            trimmed.closeBulkHandle()
            #expect(trimmed.lemmas(of: Array("voulions".utf8)) == expected)
        }
    }
}
