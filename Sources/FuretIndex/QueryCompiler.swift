import FuretAnalysis

/// Turns a ``UserQuery`` into an FTS5 `MATCH` expression made only of quoted, pre-analysed
/// strings (see ``PreparedQueryText``): user text never reaches FTS5's query syntax.
///
/// Each word becomes an OR group of its query forms — stems, exact form, lemmas and their
/// stems (``FrenchAnalyzer`` explains why queries search more forms than documents emit) — and, when
/// typed without accents, the forms of the accented spellings the corpus uses
/// (``AccentVocabulary``). Each form is its own FTS5 phrase, so BM25 weighs each by its own
/// rarity and favours documents with the exact form typed. A phrase (or a compound such as
/// `guet-apens`) becomes one FTS5 phrase whose words carry their forms as colocated
/// alternatives.
///
/// The compiler also lists the phrases, in FTS5's numbering: snippets need the query term
/// each stands for (see ``SnippetBuilder``), ranking their document frequencies.
struct QueryCompiler {
    let analyzer: FrenchAnalyzer
    let accents: AccentVocabulary

    /// The FTS5 expression for `query`, with its phrases; a single word (not excluded) listed
    /// in `corrections` by its folded form also matches those tokens (``TypoCorrector``), each
    /// an alternative phrase of its term, so BM25 weighs each by its own rarity.
    /// - Throws: ``QuerySyntaxError`` when no term has anything to search.
    func compile(_ query: UserQuery, corrections: [String: [String]] = [:]) throws(QuerySyntaxError) -> CompiledQuery {
        var positives: [String] = []
        var negatives: [String] = []
        // The phrases of `positives`, then of `negatives`, in order.
        var positivePhrases: [CompiledQuery.Phrase] = []
        var negativePhrases: [CompiledQuery.Phrase] = []
        var termCount = 0
        for clause in query.clauses {
            var alternatives: [String] = []
            let column = clause.inTitleOnly ? "title : " : ""
            for term in clause.alternatives {
                guard let (phrases, corrected) = phrases(of: term, corrections: clause.isExcluded ? [:] : corrections) else { continue }
                alternatives.append(phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")")
                let weight = Double(clause.repeats)
                if clause.isExcluded {
                    negativePhrases += phrases.map { .init(expression: column + $0, term: nil, weight: weight) }
                } else {
                    positivePhrases += phrases.enumerated().map { index, phrase in
                        .init(expression: column + phrase, term: termCount, weight: weight, isCorrection: index >= phrases.count - corrected)
                    }
                    termCount += 1
                }
            }
            guard !alternatives.isEmpty else { continue }
            let expression = column + (alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")")
            if clause.isExcluded { negatives.append(expression) } else { positives.append(expression) }
        }
        guard !positives.isEmpty else {
            throw QuerySyntaxError(position: 0, message: "the query has no word to search for")
        }
        let match = positives.joined(separator: " AND ") + negatives.map { " NOT " + $0 }.joined()
        // FTS5 numbers phrases in the order they appear in the expression.
        return CompiledQuery(match: match, phrases: positivePhrases + negativePhrases)
    }

    /// The FTS5 phrases of one term, its alternatives, with how many of them (at the end) are
    /// corrections; `nil` when it holds no word.
    private func phrases(of term: UserQuery.Term, corrections: [String: [String]]) -> (phrases: [String], corrected: Int)? {
        switch term {
        case .words(let parts):
            let words = parts.flatMap { analyzer.analyze($0) }
            guard !words.isEmpty else { return nil }
            if words.count == 1 {
                let forms = forms(of: words[0])
                let corrected = (corrections[words[0].folded] ?? []).filter { !forms.contains($0) }
                return ((forms + corrected).map { Self.quoted([[$0]]) }, corrected.count)
            }
            return ([Self.quoted(words.map(phraseForms))], 0)
        case .prefix(let text):
            let words = analyzer.analyze(text)
            guard let last = words.last else { return nil }
            // A word starting with the prefix has either a stem or an exact form starting with
            // it (documents emit the exact form only when no stem equals it).
            let leading = words.dropLast().map(phraseForms)
            return ([TermKind.stem, .exact].map { kind in
                Self.quoted(leading + [[kind.prefix + last.folded]]) + " *"
            }, 0)
        }
    }

    /// The forms of a word inside a phrase (or compound): its own stems, colocated at one
    /// position. A phrase asks for these words in this order, so lemma variants and restored
    /// accents are left out: they multiplied the cost of phrases of frequent words (`de la`),
    /// and every document word carries its stems, so inflections still match.
    private func phraseForms(_ word: AnalyzedWord) -> [String] {
        word.tokens.filter { TermKind(token: $0) == .stem }
    }

    /// The index forms a query word matches.
    func forms(of word: AnalyzedWord) -> [String] {
        var forms = word.queryTokens
        if word.accented == word.folded {
            for spelling in accents.spellings(of: word.folded).sorted() {
                for form in analyzer.queryTokens(ofAccentedWord: spelling) where !forms.contains(form) {
                    forms.append(form)
                }
            }
        }
        return forms
    }

    /// An FTS5 expression matching any of `tokens`.
    static func alternatives(_ tokens: [String]) -> String {
        tokens.map { quoted([[$0]]) }.joined(separator: " OR ")
    }

    /// An FTS5 string holding pre-analysed words (tokens contain no quote; doubled anyway).
    private static func quoted(_ words: [[String]]) -> String {
        "\"" + PreparedQueryText.encode(words).replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

private extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

/// An FTS5 `MATCH` expression and its phrases, in the order FTS5 numbers them.
struct CompiledQuery {
    struct Phrase {
        /// The phrase alone as an FTS5 expression, with its column filter: what its document
        /// frequency is counted with.
        var expression: String
        /// The index of the query term it belongs to, `nil` for an excluded term.
        var term: Int?
        /// How many times it counts in the score: its clause's repeats in the query.
        var weight: Double
        /// Whether it stands for a correction of a mistyped word (see ``TypoCorrector``).
        var isCorrection = false
    }

    var match: String
    var phrases: [Phrase]

    var phraseTerms: [Int?] { phrases.map(\.term) }
}
