/// The French analyzer: words → index tokens, the same for documents and queries.
///
/// ## Why two stems
///
/// Snowball's French stemmer is written for accented text, and accents change its output:
/// `première` and `premier` both stem to `premi`, but `premiere` (typed without accents)
/// stems to `premier`. Stemming the accented word groups inflections but loses unaccented
/// queries; folding first (what Recoll does) finds `premiere` → `première` but separates
/// `premier` from `première`. So every word gets both stems as colocated tokens at one
/// position (`FTS5_TOKEN_COLOCATED`):
///
/// - `fold(stem(word))`: stem the accented word, then fold (`première` → `premi`);
/// - `stem(fold(word))`: fold, then stem (`première` → `premier`).
///
/// Whatever spelling a document has, it carries the stem an unaccented query computes
/// (`stem(fold(word))`, since folding an unaccented word changes nothing), and the stem an
/// accented query computes (`fold(stem(word))`). Identical forms are emitted once.
///
/// Besides stems, each word carries its folded surface form (`=procedures`, the exact
/// layer, so ranking favours the form typed and `word*` prefixes stay precise) and its
/// dictionary lemmas when a ``LemmaSource`` is given (`@vouloir` for `voulut`).
///
/// Stop words are kept: `l'article 40` and `sans préjudice` must work as phrases.
///
/// Not thread-safe (the Snowball stemmer has state): use one analyzer per SQLite
/// connection or per task.
public final class FrenchAnalyzer {
    private let stemmer: SnowballStemmer
    private let lemmaSource: (any LemmaSource)?
    private let table = FoldingTable.shared

    /// Forms of the current word; reused between words to avoid allocating.
    private var forms: [[UInt8]] = Array(repeating: [], count: 8)
    private var kinds: [TermKind] = Array(repeating: .stem, count: 8)
    private var formCount = 0
    private var lemmas: [[UInt8]] = []

    public init(lemmas: (any LemmaSource)? = nil) throws(AnalyzerError) {
        stemmer = try SnowballStemmer()
        lemmaSource = lemmas
    }

    /// Calls `body` for every token of `text`, word by word; the forms of one word after
    /// its first are colocated.
    public func forEachTerm(in text: UnsafeBufferPointer<UInt8>, _ body: (Term) -> Void) {
        var scanner = WordScanner(text)
        while scanner.next() {
            collectForms(accented: scanner.accented, folded: scanner.folded)
            let accented = scanner.accented.count == scanner.folded.count && scanner.accented == scanner.folded
                ? [] : scanner.accented
            accented.withUnsafeBufferPointer { accentedWord in
                for index in 0..<formCount {
                    forms[index].withUnsafeBufferPointer { bytes in
                        body(Term(kind: kinds[index], bytes: bytes, start: scanner.start, end: scanner.end,
                                  isColocated: index > 0, accentedWord: accentedWord))
                    }
                }
            }
        }
    }

    /// The words of `text` and their tokens.
    public func analyze(_ text: String) -> [AnalyzedWord] {
        var words: [AnalyzedWord] = []
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { mutable in
            var scanner = WordScanner(UnsafeBufferPointer(mutable))
            while scanner.next() {
                collectForms(accented: scanner.accented, folded: scanner.folded)
                words.append(AnalyzedWord(
                    start: scanner.start,
                    end: scanner.end,
                    accented: String(decoding: scanner.accented, as: UTF8.self),
                    folded: String(decoding: scanner.folded, as: UTF8.self),
                    tokens: (0..<formCount).map { String(decoding: forms[$0], as: UTF8.self) }
                ))
            }
        }
        return words
    }

    /// The tokens of a single lowercase word given with its accents (e.g. a word restored
    /// from the index vocabulary).
    public func tokens(ofAccentedWord word: String) -> [String] {
        let accented = Array(word.utf8)
        var folded: [UInt8] = []
        accented.withUnsafeBufferPointer { table.fold($0, into: &folded) }
        collectForms(accented: accented, folded: folded)
        return (0..<formCount).map { String(decoding: forms[$0], as: UTF8.self) }
    }

    /// The Snowball stem of a lowercase word, exactly as libstemmer computes it.
    public func snowballStem(_ word: String) -> String {
        stemmer.stem(word)
    }

    // MARK: - Forms of one word

    private func collectForms(accented: [UInt8], folded: [UInt8]) {
        formCount = 0
        // fold(stem(accented)), then stem(folded) when the word has accents.
        stemmer.withStem(of: accented) { stem in
            beginForm(.stem)
            table.fold(stem, into: &forms[formCount - 1])
        }
        if accented != folded {
            stemmer.withStem(of: folded) { stem in addForm(.stem, stem) }
        }
        folded.withUnsafeBufferPointer { addForm(.exact, $0) }
        if let lemmaSource {
            lemmas.removeAll(keepingCapacity: true)
            lemmaSource.appendLemmas(of: accented, to: &lemmas)
            for lemma in lemmas {
                beginForm(.lemma)
                lemma.withUnsafeBufferPointer { table.fold($0, into: &forms[formCount - 1]) }
                dropFormIfRepeated()
            }
        }
    }

    private func beginForm(_ kind: TermKind) {
        if formCount == forms.count {
            forms.append([])
            kinds.append(kind)
        }
        forms[formCount].removeAll(keepingCapacity: true)
        forms[formCount].append(contentsOf: kind.prefix.utf8)
        kinds[formCount] = kind
        formCount += 1
    }

    /// Adds a form unless the word already has it.
    private func addForm(_ kind: TermKind, _ bytes: UnsafeBufferPointer<UInt8>) {
        beginForm(kind)
        forms[formCount - 1].append(contentsOf: bytes)
        dropFormIfRepeated()
    }

    /// Drops the form just added when an earlier form of the word is the same.
    private func dropFormIfRepeated() {
        let last = formCount - 1
        if forms[0..<last].contains(forms[last]) {
            formCount -= 1
        }
    }
}
