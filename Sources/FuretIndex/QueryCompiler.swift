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
/// Snippets need to know which query term each phrase stands for (see ``SnippetBuilder``),
/// so the compiler also returns that, phrase by phrase.
struct QueryCompiler {
    let analyzer: FrenchAnalyzer
    let accents: AccentVocabulary

    /// The FTS5 expression for `query`, and for each of its phrases the term it stands for.
    /// - Throws: ``QuerySyntaxError`` when no term has anything to search.
    func compile(_ query: UserQuery) throws(QuerySyntaxError) -> CompiledQuery {
        var positives: [String] = []
        var negatives: [String] = []
        // The terms of each phrase in `positives`, then in `negatives`.
        var positiveTerms: [Int] = []
        var negativePhrases = 0
        var termCount = 0
        for clause in query.clauses {
            var alternatives: [String] = []
            for term in clause.alternatives {
                guard let (expression, phrases) = expression(for: term) else { continue }
                alternatives.append(expression)
                if clause.isExcluded {
                    negativePhrases += phrases
                } else {
                    positiveTerms += repeatElement(termCount, count: phrases)
                    termCount += 1
                }
            }
            guard !alternatives.isEmpty else { continue }
            var expression = alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")"
            if clause.inTitleOnly { expression = "title : " + expression }
            if clause.isExcluded { negatives.append(expression) } else { positives.append(expression) }
        }
        guard !positives.isEmpty else {
            throw QuerySyntaxError(position: 0, message: "the query has no word to search for")
        }
        let match = positives.joined(separator: " AND ") + negatives.map { " NOT " + $0 }.joined()
        // FTS5 numbers phrases in the order they appear in the expression.
        let phraseTerms = positiveTerms.map(Optional.some) + repeatElement(nil, count: negativePhrases)
        return CompiledQuery(match: match, phraseTerms: phraseTerms)
    }

    /// The FTS5 expression of one term and how many phrases it holds, or `nil` when it holds
    /// no word.
    private func expression(for term: UserQuery.Term) -> (String, phrases: Int)? {
        switch term {
        case .words(let parts):
            let words = parts.flatMap { analyzer.analyze($0) }
            guard !words.isEmpty else { return nil }
            if words.count == 1 {
                let phrases = forms(of: words[0]).map { Self.quoted([[$0]]) }
                return ("(" + phrases.joined(separator: " OR ") + ")", phrases.count)
            }
            return (Self.quoted(words.map(phraseForms)), 1)
        case .prefix(let text):
            let words = analyzer.analyze(text)
            guard let last = words.last else { return nil }
            // A word starting with the prefix has either a stem or an exact form starting with
            // it (documents emit the exact form only when no stem equals it).
            let leading = words.dropLast().map(phraseForms)
            let phrases = [TermKind.stem, .exact].map { kind in
                Self.quoted(leading + [[kind.prefix + last.folded]]) + " *"
            }
            return ("(" + phrases.joined(separator: " OR ") + ")", phrases.count)
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

/// An FTS5 `MATCH` expression and, for each of its phrases in order, the index of the query
/// term it belongs to (`nil` for the phrases of excluded terms).
struct CompiledQuery {
    var match: String
    var phraseTerms: [Int?]
}
