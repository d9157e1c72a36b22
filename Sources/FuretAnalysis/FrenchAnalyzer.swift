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

    /// Called with the accented and folded spellings of each word whose forms are computed
    /// rather than found in the form table: at least once per distinct word.
    public var onNewWord: ((UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void)?

    public init(lemmas: (any LemmaSource)? = nil) throws(AnalyzerError) {
        stemmer = try SnowballStemmer()
        lemmaSource = lemmas
    }

    /// Calls `body` for every token a document indexes, word by word; the forms of one word
    /// after its first are colocated.
    public func forEachTerm(in text: UnsafeBufferPointer<UInt8>, _ body: (Term) -> Void) {
        WordScanner.scan(text) { scanner in
            while scanner.next() {
                let (start, end) = (scanner.start, scanner.end)
                let key = FormTable.key(of: scanner.accented)
                if let key, formTable.forEachForm(of: key, { kind, bytes, index in
                    body(Term(kind: kind, bytes: bytes, start: start, end: end, isColocated: index > 0))
                }) {
                    continue
                }
                let forms = documentForms(accented: Array(scanner.accented), folded: Array(scanner.folded))
                if let key { formTable.insert(key, forms: forms.slices, kinds: forms.kinds) }
                forms.bytes.withUnsafeBufferPointer { bytes in
                    var formStart = 0
                    for (index, formEnd) in forms.ends.enumerated() {
                        body(Term(kind: forms.kinds[index], bytes: UnsafeBufferPointer(rebasing: bytes[formStart..<formEnd]),
                                  start: start, end: end, isColocated: index > 0))
                        formStart = formEnd
                    }
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
        let first = stemmer.withStem(of: accented) { fold($0) }
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
