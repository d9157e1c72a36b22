import Testing
@testable import FuretAnalysis

/// The folded words of `text`, as the analyzer sees them.
private func words(_ text: String) throws -> [String] {
    try FrenchAnalyzer().analyze(text).map(\.folded)
}

/// The stems (no exact or lemma forms) of the single word in `text`.
private func stems(_ text: String) throws -> Set<String> {
    let analyzed = try FrenchAnalyzer().analyze(text)
    #expect(analyzed.count == 1, "\(text) gave \(analyzed.count) words")
    return Set(analyzed.first?.tokens.filter { TermKind(token: $0) == .stem } ?? [])
}

@Suite struct FrenchAnalyzerTests {
    @Test(arguments: [
        ("Enquête", ["enquete"]),
        ("ÉTAT À ÇA", ["etat", "a", "ca"]),
        ("cœur Œuvre æquo Ægide", ["coeur", "oeuvre", "aequo", "aegide"]),
        ("ﬁnance", ["finance"]),
        ("naïve Noël où ÿ", ["naive", "noel", "ou", "y"]),
        ("Ångström ø ł", ["angstrom", "o", "l"]),
        ("ＡＢＣ１", ["abc1"]),
    ])
    func foldsCaseAccentsAndLigatures(text: String, expected: [String]) throws {
        #expect(try words(text) == expected)
    }

    @Test func nfdAndNfcAnalyseAlike() throws {
        let nfc = "Enquête à Saint-Étienne, première procédure"
        let nfd = "Enque\u{302}te a\u{300} Saint-E\u{301}tienne, premie\u{300}re proce\u{301}dure"
        let analyzer = try FrenchAnalyzer()
        #expect(analyzer.analyze(nfc).map(\.tokens) == analyzer.analyze(nfd).map(\.tokens))
        #expect(analyzer.analyze(nfd).map(\.accented) == ["enquête", "à", "saint", "étienne", "première", "procédure"])
    }

    @Test(arguments: [
        ("l'enquête", ["enquete"]), ("l’enquête", ["enquete"]), ("L’ÉTAT", ["etat"]), ("L'ÉTAT", ["etat"]),
        ("qu'il", ["il"]), ("qu’il", ["il"]), ("QU'IL", ["il"]), ("jusqu'à", ["a"]), ("jusqu’à", ["a"]),
        ("d'abord", ["abord"]), ("j'ai", ["ai"]), ("m'a", ["a"]), ("n'est", ["est"]), ("s'est", ["est"]),
        ("t'en", ["en"]), ("c'était", ["etait"]), ("lorsqu'elle", ["elle"]), ("puisqu’on", ["on"]),
        ("quoiqu'il", ["il"]), ("l‘arbre", ["arbre"]), ("lʼarbre", ["arbre"]),
        ("aujourd'hui", ["aujourdhui"]), ("aujourd’hui", ["aujourdhui"]),
        ("l'", ["l"]), ("'enquête'", ["enquete"]), ("l' enquête", ["l", "enquete"]),
    ])
    func removesElisions(text: String, expected: [String]) throws {
        #expect(try words(text) == expected)
    }

    @Test(arguments: [
        ("guet-apens", ["guet", "apens"]), ("Grande-Synthe", ["grande", "synthe"]),
        ("peut-être", ["peut", "etre"]), ("coco.gg", ["coco", "gg"]),
        ("c'est-à-dire", ["est", "a", "dire"]),
    ])
    func splitsCompoundsIntoConsecutiveWords(text: String, expected: [String]) throws {
        #expect(try words(text) == expected)
    }

    /// References are typed `L.121-1`, `L121-1` or `L. 121-1`: the same words each time.
    @Test(arguments: [
        ("ipv6", ["ipv", "6"]), ("IPv6", ["ipv", "6"]), ("L.121-1", ["l", "121", "1"]), ("L121-1", ["l", "121", "1"]),
        ("L. 121-1", ["l", "121", "1"]), ("mp3", ["mp", "3"]), ("art.40", ["art", "40"]), ("2024-05", ["2024", "05"]),
        ("1er", ["1", "er"]), ("x86é", ["x", "86", "e"]), ("40", ["40"]), ("ipv6'a", ["ipv", "6a"]),
    ])
    func splitsLetterAndDigitRuns(text: String, expected: [String]) throws {
        #expect(try words(text) == expected)
    }

    @Test(arguments: [
        "mot\u{00A0}mot", "mot\u{202F}mot", "mot\u{2009}mot", "mot\u{2002}mot", "mot\u{3000}mot",
        "mot«mot»", "« mot » « mot »", "mot\u{0}mot", "mot\tmot\r\nmot", "mot—mot", "mot…mot",
    ])
    func separatesOnEverySpaceAndPunctuation(text: String) throws {
        #expect(try Set(words(text)) == ["mot"])
        #expect(try words(text).count >= 2)
    }

    @Test func keepsStopWords() throws {
        #expect(try words("sans préjudice de l'article 40") == ["sans", "prejudice", "de", "article", "40"])
    }

    @Test func offsetsAreUTF8ByteOffsetsOfTheOriginalWord() throws {
        let text = "« L’Été » à Cœur"
        let analyzed = try FrenchAnalyzer().analyze(text)
        let utf8 = Array(text.utf8)
        let spans = analyzed.map { String(decoding: utf8[$0.start..<$0.end], as: UTF8.self) }
        // The elision is not part of the word, but the word keeps its original spelling.
        #expect(spans == ["Été", "à", "Cœur"])
    }

    /// The design of ``FrenchAnalyzer``: accented and unaccented spellings meet, and
    /// inflections group, whichever way the user types.
    @Test(arguments: [
        ("première", "premiere"), ("première", "premières"), ("première", "premier"),
        ("pénalité", "penalite"), ("pénalité", "pénalités"), ("pénalités", "penalite"),
        ("procédures", "procédure"), ("procedures", "procédure"), ("enquêtes", "enquete"),
    ])
    func documentAndQueryShareAStem(document: String, query: String) throws {
        #expect(!(try stems(document).isDisjoint(with: stems(query))), "\(document) / \(query)")
    }

    @Test func wordHasBothStemOrdersAndItsExactForm() throws {
        let analyzed = try FrenchAnalyzer().analyze("Première")
        #expect(analyzed.first?.tokens == ["premi", "premier", "=premiere"])
    }

    @Test func documentsEmitTheExactFormOnlyWhenNoStemEqualsIt() throws {
        let analyzer = try FrenchAnalyzer()
        #expect(analyzer.analyze("maison").first?.tokens == ["maison"])
        #expect(analyzer.analyze("maisons").first?.tokens == ["maison", "=maisons"])
        // Queries search the exact form where documents can have it, which favours it in ranking.
        #expect(analyzer.analyze("maison").first?.queryTokens == ["maison"])
        #expect(analyzer.analyze("maisons").first?.queryTokens == ["maison", "=maisons"])
    }

    @Test func documentTermsAreColocatedPerWord() throws {
        let analyzer = try FrenchAnalyzer()
        var terms: [(String, Bool)] = []
        Array("Première maison".utf8).withUnsafeBufferPointer { buffer in
            analyzer.forEachTerm(in: buffer) { term in
                terms.append((String(decoding: term.bytes, as: UTF8.self), term.isColocated))
            }
        }
        #expect(terms.map(\.0) == ["premi", "premier", "=premiere", "maison"])
        #expect(terms.map(\.1) == [false, true, true, false])
    }

    /// Snippets find matched words by position with ``FrenchAnalyzer/forEachWord(in:_:)``:
    /// its words must be exactly those the index numbers.
    @Test(arguments: [
        "L’ENQUÊTE d'aujourd'hui : qu'il vînt jusqu’à Grande-Synthe, coco.gg — « cœur » ﬁn",
        "Le pre\u{301}mier e\u{301}te\u{301} ; l\u{2019}\u{301}a  quelqu'un 40 000 € n'\u{301}est",
        "qu'aujourd'hui l' ' d’ ’ x'y L'''' jusqu'",
        String(repeating: "é", count: 200) + " fin",
        "L'HOMME QU'ON D’UN Jusqu'À l’ĺ'x 1'2 3’a a'4 ĹʼA quoiqu'il",
        "12€ → ½ 日本語の本 ﬁn\u{FEFF}x 😀 smile\u{1F600}d \u{202F}; x\u{2060}y Ⅻ",
        "ipv6 L.121-1 L121-1 mp3 art.40 2024-05 1er x86é ＡＢＣ１ a1'b2 3'4x 5’é6",
    ])
    func wordOffsetsAloneMatchTheAnalysedWords(text: String) throws {
        let analyzer = try FrenchAnalyzer()
        let bytes = Array(text.utf8) + [0xFF, 0x41]
        var analysed: [Range<Int>] = []
        var found: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            analyzer.forEachTerm(in: buffer) { term in
                if !term.isColocated { analysed.append(term.start..<term.end) }
            }
            FrenchAnalyzer.forEachWord(in: buffer) { range in
                found.append(range)
                return true
            }
        }
        #expect(!found.isEmpty)
        #expect(found == analysed)
    }
}

@Suite struct HostileInputTests {
    @Test func emptyAndSeparatorOnlyTextGiveNoWords() throws {
        #expect(try words("").isEmpty)
        #expect(try words("  \n\t«»—…").isEmpty)
    }

    @Test func invalidUTF8BytesSeparateWords() throws {
        let bytes: [UInt8] = Array("abc".utf8) + [0xFF, 0xC3] + Array("déf".utf8) + [0xE2, 0x82] + Array("x".utf8) + [0x80]
        var spans: [String] = []
        let analyzer = try FrenchAnalyzer()
        bytes.withUnsafeBufferPointer { buffer in
            analyzer.forEachTerm(in: buffer) { term in
                if !term.isColocated { spans.append(String(decoding: buffer[term.start..<term.end], as: UTF8.self)) }
            }
        }
        #expect(spans == ["abc", "déf", "x"])
    }

    @Test func loneCombiningMarksAreIgnored() throws {
        #expect(try words("\u{301}\u{300} a\u{301}\u{301}\u{301} \u{308}") == ["a"])
    }

    @Test func controlCharactersSeparate() throws {
        #expect(try words("a\u{1}b\u{7F}c\u{1B}d") == ["a", "b", "c", "d"])
    }

    @Test func hugeWordIsCutButCoversItsWholeSpan() throws {
        let word = String(repeating: "é", count: 100_000)
        let analyzed = try FrenchAnalyzer().analyze(word + " fin")
        #expect(analyzed.count == 2)
        #expect(analyzed[0].accented.utf8.count <= WordScanner.maxWordBytes)
        #expect(analyzed[0].end == word.utf8.count)
        #expect(analyzed[1].folded == "fin")
    }

    @Test func hugeDecomposedWordIsCutAtALetter() throws {
        // `e` + combining acute: each letter grows by a byte when composed, at the cut too.
        let word = String(repeating: "e\u{301}", count: 1_000)
        let analyzed = try FrenchAnalyzer().analyze(word)
        #expect(analyzed.count == 1)
        let accented = analyzed[0].accented
        #expect(accented.utf8.count <= WordScanner.maxWordBytes)
        #expect(accented.unicodeScalars.allSatisfy { $0 == "é" || $0 == "e" })
        #expect(accented.dropLast().allSatisfy { $0 == "é" })
        #expect(analyzed[0].folded == String(repeating: "e", count: analyzed[0].folded.count))
        #expect(analyzed[0].end == word.utf8.count)
    }

    @Test func tenMegabyteLineIsAnalysed() throws {
        let line = String(repeating: "l’enquête avance ", count: 600_000)
        #expect(line.utf8.count > 10_000_000)
        var count = 0
        let analyzer = try FrenchAnalyzer()
        Array(line.utf8).withUnsafeBufferPointer { buffer in
            analyzer.forEachTerm(in: buffer) { term in if !term.isColocated { count += 1 } }
        }
        #expect(count == 1_200_000)
    }
}

/// The pair tokens of consecutive common words (``CommonWordPairs``) a document indexes.
@Suite struct CommonWordPairTests {
    /// Each pair token of `text` with the word it is colocated with (the pair's first word).
    private func pairs(_ text: String) throws -> [String] {
        let analyzer = try FrenchAnalyzer()
        var result: [String] = []
        var word = ""
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            analyzer.forEachTerm(in: buffer) { term in
                let token = String(decoding: term.bytes, as: UTF8.self)
                if !term.isColocated { word = token }
                if term.kind == .pair {
                    #expect(term.isColocated)
                    result.append(word + " " + token)
                }
            }
        }
        return result
    }

    @Test(arguments: [
        ("de la maison", ["de &de_la"]),
        ("DE LA MAISON", ["de &de_la"]),
        ("Qu'elle a dit", ["elle &elle_a"]),
        ("qu’elle à", ["elle &elle_a"]),
        ("À la mer", ["a &a_la"]),
        ("L'État de la ville", ["de &de_la"]),
        ("la maison de", []),
        ("maison", []),
        ("de la de", ["de &de_la", "la &la_de"]),
    ])
    func pairsOfCommonWordsAreColocatedWithTheFirst(text: String, expected: [String]) throws {
        #expect(try pairs(text) == expected)
    }

    @Test func pairsSpanBothWords() throws {
        let analyzer = try FrenchAnalyzer()
        var spans: [Range<Int>] = []
        Array("Il est dans une maison".utf8).withUnsafeBufferPointer { buffer in
            analyzer.forEachTerm(in: buffer) { term in
                if term.kind == .pair { spans.append(term.start..<term.end) }
            }
        }
        #expect(spans == [0..<6, 3..<11, 7..<15])
    }

    @Test func queryPairsNeedOnlyCommonStems() throws {
        let analyzer = try FrenchAnalyzer()
        let stems = { (word: String) in analyzer.analyze(word)[0].tokens.filter { TermKind(token: $0) == .stem } }
        #expect(analyzer.commonPairTokens(first: stems("de"), second: stems("la")) == ["&de_la"])
        #expect(analyzer.commonPairTokens(first: stems("elle"), second: stems("à")) == ["&elle_a"])
        #expect(analyzer.commonPairTokens(first: stems("de"), second: stems("maison")) == nil)
        #expect(analyzer.commonPairTokens(first: stems("maison"), second: stems("de")) == nil)
    }
}
