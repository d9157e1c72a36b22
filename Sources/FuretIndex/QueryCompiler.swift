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
struct QueryCompiler {
    let analyzer: FrenchAnalyzer
    let accents: AccentVocabulary

    /// The FTS5 expression for `query`, and the tokens its hits are highlighted on.
    /// - Throws: ``QuerySyntaxError`` when no term has anything to search.
    func compile(_ query: UserQuery) throws(QuerySyntaxError) -> (match: String, highlight: HighlightTerms) {
        var positives: [String] = []
        var negatives: [String] = []
        var highlight = HighlightTerms()
        for clause in query.clauses {
            if !clause.isExcluded {
                for term in clause.alternatives { collectHighlights(of: term, into: &highlight) }
            }
            let alternatives = clause.alternatives.compactMap(expression)
            guard !alternatives.isEmpty else { continue }
            var expression = alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")"
            if clause.inTitleOnly { expression = "title : " + expression }
            if clause.isExcluded { negatives.append(expression) } else { positives.append(expression) }
        }
        guard !positives.isEmpty else {
            throw QuerySyntaxError(position: 0, message: "the query has no word to search for")
        }
        return (positives.joined(separator: " AND ") + negatives.map { " NOT " + $0 }.joined(), highlight)
    }

    private func collectHighlights(of term: UserQuery.Term, into highlight: inout HighlightTerms) {
        switch term {
        case .words(let parts):
            for word in parts.flatMap({ analyzer.analyze($0) }) { highlight.addWord(tokens: forms(of: word)) }
        case .prefix(let text):
            let words = analyzer.analyze(text)
            for word in words.dropLast() { highlight.addWord(tokens: forms(of: word)) }
            if let last = words.last {
                highlight.addWord(tokens: [], prefixes: [last.folded, TermKind.exact.prefix + last.folded])
            }
        }
    }

    /// The FTS5 expression of one term, or `nil` when it holds no word.
    private func expression(for term: UserQuery.Term) -> String? {
        switch term {
        case .words(let parts):
            let words = parts.flatMap { analyzer.analyze($0) }
            guard !words.isEmpty else { return nil }
            if words.count == 1 {
                return "(" + forms(of: words[0]).map { Self.quoted([[$0]]) }.joined(separator: " OR ") + ")"
            }
            return Self.quoted(words.map(phraseForms))
        case .prefix(let text):
            let words = analyzer.analyze(text)
            guard let last = words.last else { return nil }
            // A word starting with the prefix has either a stem or an exact form starting with
            // it (documents emit the exact form only when no stem equals it).
            let leading = words.dropLast().map(phraseForms)
            return "(" + [TermKind.stem, .exact].map { kind in
                Self.quoted(leading + [[kind.prefix + last.folded]]) + " *"
            }.joined(separator: " OR ") + ")"
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
