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
/// Besides stems, a word carries its folded surface form (`=procedures`, the exact layer,
/// so ranking favours the form typed) and its dictionary lemmas when a ``LemmaSource`` is
/// given (`@vouloir` for `voulut`).
///
/// ## Document forms and query forms
///
/// A document emits only the forms that add something, which keeps the index small and
/// indexing fast; queries search every form, so recall is the same as emitting everything:
///
/// - the exact form is emitted only when it differs from the word's stems (`maisons`, not
///   `maison`, whose stem already is `maison`); a query word searches its stems too, so an
///   identical word still matches.
/// - a lemma `L` is emitted only when none of the word's stems is a stem of `L` (`voulut` →
///   `@vouloir`, but not `maisons` → `@maison`); a query word searches `@L` and the stems of
///   `L`, so it reaches the words that carry `L` either way.
///
/// Forms are computed once per distinct word and cached in a ``FormTable`` (French
/// vocabulary is Zipfian).
///
/// Stop words are kept: `l'article 40` and `sans préjudice` must work as phrases.
///
/// Not thread-safe (the Snowball stemmer has state): use one analyzer per SQLite
/// connection or per task.
public final class FrenchAnalyzer {
    private let stemmer: SnowballStemmer
    private let lemmaSource: (any LemmaSource)?
    private let table = FoldingTable.shared
    private let formTable = FormTable()
    private var lemmas: [[UInt8]] = []
    private let commonPairs: CommonWordPairs
    /// The pair token being emitted.
    private var pairBytes: [UInt8] = []

    /// Called with the accented and folded spellings of each word whose forms are computed
    /// rather than found in the form table: at least once per distinct word.
    public var onNewWord: ((UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void)?

    public init(lemmas: (any LemmaSource)? = nil) throws(AnalyzerError) {
        let stemmer = try SnowballStemmer()
        self.stemmer = stemmer
        lemmaSource = lemmas
        commonPairs = CommonWordPairs { accented in
            var folded: [UInt8] = []
            accented.withUnsafeBufferPointer { FoldingTable.shared.fold($0, into: &folded) }
            return Self.stems(accented: accented, folded: folded, stemmer: stemmer)
        }
    }

    /// The pair tokens a phrase reads for two consecutive words given by their stems (see
    /// ``CommonWordPairs/tokens(first:second:)``).
    public func commonPairTokens(first: [String], second: [String]) -> [String]? {
        commonPairs.tokens(first: first, second: second)
    }

    /// Calls `body` for every token a document indexes, word by word; the forms of one word
    /// after its first are colocated, and so are the pairs of common stems of the word and
    /// the next (``CommonWordPairs``), emitted just before the next word's forms.
    public func forEachTerm(in text: UnsafeBufferPointer<UInt8>, _ body: (Term) -> Void) {
        var previous = CommonStems()
        WordScanner.scan(text) { scanner in
            while scanner.next() {
                let (start, end) = (scanner.start, scanner.end)
                var current = CommonStems(start: start)
                let key = FormTable.key(of: scanner.accented)
                if let key, let entry = formTable.entry(of: key) {
                    formTable.forEachForm(in: entry) { kind, bytes, _ in
                        if kind == .stem { current.add(commonPairs.common(bytes)) }
                    }
                    emitPairs(previous, current, end: end, body)
                    formTable.forEachForm(in: entry) { kind, bytes, index in
                        body(Term(kind: kind, bytes: bytes, start: start, end: end, isColocated: index > 0))
                    }
                    previous = current
                    continue
                }
                let forms = documentForms(accented: Array(scanner.accented), folded: Array(scanner.folded))
                if let key { formTable.insert(key, forms: forms.slices, kinds: forms.kinds) }
                forms.bytes.withUnsafeBufferPointer { bytes in
                    var formStart = 0
                    for (index, formEnd) in forms.ends.enumerated() {
                        if forms.kinds[index] == .stem {
                            current.add(commonPairs.common(UnsafeBufferPointer(rebasing: bytes[formStart..<formEnd])))
                        }
                        formStart = formEnd
                    }
                    emitPairs(previous, current, end: end, body)
                    formStart = 0
                    for (index, formEnd) in forms.ends.enumerated() {
                        body(Term(kind: forms.kinds[index], bytes: UnsafeBufferPointer(rebasing: bytes[formStart..<formEnd]),
                                  start: start, end: end, isColocated: index > 0))
                        formStart = formEnd
                    }
                }
                previous = current
            }
        }
    }

    /// Emits the pair tokens of two consecutive words' common stems, colocated with the
    /// first word and spanning both.
    private func emitPairs(_ first: CommonStems, _ second: CommonStems, end: Int, _ body: (Term) -> Void) {
        for a in 0..<first.count {
            for b in 0..<second.count {
                pairBytes.removeAll(keepingCapacity: true)
                CommonWordPairs.appendToken(first[a], second[b], to: &pairBytes)
                pairBytes.withUnsafeBufferPointer { bytes in
                    body(Term(kind: .pair, bytes: bytes, start: first.start, end: end, isColocated: true))
                }
            }
        }
    }

    /// Calls `body` with the byte range of each word of `text`, in order, until it returns
    /// `false`. Only finds words' offsets (no folding, no stemming), so it is cheap.
    ///
    /// Every word is one token position in the index (its forms are colocated at it), so the
    /// n-th word here is at FTS5 token offset n: snippets use this to find the words at the
    /// positions FTS5 reports as matched.
    public static func forEachWord(in text: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Bool) {
        var scanner = WordBoundaryScanner(text)
        while scanner.next() {
            if !body(scanner.start..<scanner.end) { return }
        }
    }

    /// The words of `text`, with the tokens a document indexes and those a query searches.
    public func analyze(_ text: String) -> [AnalyzedWord] {
        var words: [AnalyzedWord] = []
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            WordScanner.scan(buffer) { scanner in
                while scanner.next() {
                    let (accented, folded) = (Array(scanner.accented), Array(scanner.folded))
                    words.append(AnalyzedWord(
                        start: scanner.start,
                        end: scanner.end,
                        accented: String(decoding: accented, as: UTF8.self),
                        folded: String(decoding: folded, as: UTF8.self),
                        tokens: documentForms(accented: accented, folded: folded).strings,
                        queryTokens: queryForms(accented: accented, folded: folded).strings
                    ))
                }
            }
        }
        return words
    }

    /// The tokens a query searches for a lowercase word given with its accents (e.g. a word
    /// restored from the index vocabulary).
    public func queryTokens(ofAccentedWord word: String) -> [String] {
        let accented = Array(word.utf8)
        var folded: [UInt8] = []
        accented.withUnsafeBufferPointer { table.fold($0, into: &folded) }
        return queryForms(accented: accented, folded: folded).strings
    }

    /// The Snowball stem of a lowercase word, exactly as libstemmer computes it.
    public func snowballStem(_ word: String) -> String {
        stemmer.stem(word)
    }

    // MARK: - Forms of one word

    /// The forms a document emits for a word (``forEachTerm(in:_:)`` caches them).
    private func documentForms(accented: [UInt8], folded: [UInt8]) -> FormList {
        let forms = FormList()
        let stems = stems(accented: accented, folded: folded)
        for stem in stems { forms.add(.stem, stem) }
        if !stems.contains(folded) { forms.add(.exact, folded) }
        for lemma in lemmas(of: accented) {
            let lemmaStems = lemma.withUnsafeBufferPointer { self.stems(accented: lemma, folded: fold($0)) }
            if lemmaStems.allSatisfy({ !stems.contains($0) }) {
                lemma.withUnsafeBufferPointer { forms.add(.lemma, fold($0)) }
            }
        }
        if let onNewWord {
            accented.withUnsafeBufferPointer { a in folded.withUnsafeBufferPointer { f in onNewWord(a, f) } }
        }
        return forms
    }

    /// Every form a query word matches: its stems, its exact form, and for each lemma the
    /// lemma and the lemma's stems (see the discussion of document and query forms).
    private func queryForms(accented: [UInt8], folded: [UInt8]) -> FormList {
        let forms = FormList()
        let wordStems = stems(accented: accented, folded: folded)
        for stem in wordStems { forms.add(.stem, stem) }
        // Documents never index an exact form equal to one of the word's stems.
        if !wordStems.contains(folded) { forms.add(.exact, folded) }
        for lemma in lemmas(of: accented) {
            let foldedLemma = lemma.withUnsafeBufferPointer { fold($0) }
            forms.add(.lemma, foldedLemma)
            for stem in stems(accented: lemma, folded: foldedLemma) { forms.add(.stem, stem) }
        }
        return forms
    }

    /// `fold(stem(accented))` and, when different, `stem(folded)`.
    private func stems(accented: [UInt8], folded: [UInt8]) -> [[UInt8]] {
        Self.stems(accented: accented, folded: folded, stemmer: stemmer)
    }

    private static func stems(accented: [UInt8], folded: [UInt8], stemmer: SnowballStemmer) -> [[UInt8]] {
        let first = stemmer.withStem(of: accented) { stem in
            var result: [UInt8] = []
            FoldingTable.shared.fold(stem, into: &result)
            return result
        }
        guard accented != folded else { return [first] }
        let second = stemmer.withStem(of: folded) { Array($0) }
        return second == first ? [first] : [first, second]
    }

    private func lemmas(of accented: [UInt8]) -> [[UInt8]] {
        guard let lemmaSource else { return [] }
        lemmas.removeAll(keepingCapacity: true)
        lemmaSource.appendLemmas(of: accented, to: &lemmas)
        return lemmas
    }

    private func fold(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        table.fold(bytes, into: &result)
        return result
    }
}

/// The common stems of one word (a word has one or two stems), packed as by
/// ``CommonWordPairs``, and where the word starts.
private struct CommonStems {
    private var stems: (UInt64, UInt64) = (0, 0)
    private(set) var count = 0
    var start = 0

    init(start: Int = 0) {
        self.start = start
    }

    subscript(index: Int) -> UInt64 {
        index == 0 ? stems.0 : stems.1
    }

    mutating func add(_ stem: UInt64?) {
        guard let stem, count < 2, count == 0 || stems.0 != stem else { return }
        if count == 0 { stems.0 = stem } else { stems.1 = stem }
        count += 1
    }
}

/// The forms of one word in one buffer: kind-prefixed tokens, distinct, in order.
private final class FormList {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private(set) var kinds: [TermKind] = []

    /// Adds a form of `kind` unless the list already has it.
    func add(_ kind: TermKind, _ form: [UInt8]) {
        let start = bytes.count
        bytes.append(contentsOf: kind.prefix.utf8)
        bytes.append(contentsOf: form)
        var previous = 0
        for end in ends {
            if bytes[previous..<end].elementsEqual(bytes[start...]) {
                bytes.removeSubrange(start...)
                return
            }
            previous = end
        }
        ends.append(bytes.count)
        kinds.append(kind)
    }

    /// Each form's bytes.
    var slices: [ArraySlice<UInt8>] {
        var start = 0
        return ends.map { end in
            defer { start = end }
            return bytes[start..<end]
        }
    }

    var strings: [String] {
        var start = 0
        return ends.map { end in
            defer { start = end }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}
