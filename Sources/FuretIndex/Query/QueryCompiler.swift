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
/// alternatives. A group becomes a parenthesised FTS5 expression, and a proximity FTS5's
/// `NEAR(…, n)` over one phrase per side (see ``proximity(_:distance:)``).
///
/// The compiler also lists the phrases, in FTS5's numbering: snippets need the query term
/// each stands for (see ``SnippetBuilder``), ranking their document frequencies.
package struct QueryCompiler {
    let analyzer: FrenchAnalyzer
    let accents: AccentVocabulary

    package init(analyzer: FrenchAnalyzer, accents: AccentVocabulary) {
        self.analyzer = analyzer
        self.accents = accents
    }

    /// The FTS5 expression for `query`, with its phrases; a single word (not excluded, not in
    /// a proximity) listed in `corrections` by its folded form also matches those tokens
    /// (``TypoCorrector``), each an alternative phrase of its term, so BM25 weighs each by its
    /// own rarity.
    /// - Throws: ``QuerySyntaxError`` when no term has anything to search.
    func compile(_ query: UserQuery, corrections: [String: [String]] = [:]) throws(QuerySyntaxError) -> CompiledQuery {
        var compiled = CompiledQuery(match: "", phrases: [])
        var termCount = 0
        guard let match = conjunction(
            query.clauses, column: "", isExcluded: false, corrections: corrections, into: &compiled.phrases, terms: &termCount
        ) else {
            throw QuerySyntaxError(position: 0, message: "the query has no word to search for")
        }
        compiled.match = match
        return compiled
    }

    /// The FTS5 expression of clauses that must all hold (the query, or a group), appending
    /// their phrases to `phrases` in the order FTS5 numbers them, and numbering their terms
    /// from `terms` on; `nil` when no clause that is not excluded has anything to search.
    /// `column` is the column filter of an enclosing clause, `isExcluded` whether one is excluded.
    private func conjunction(
        _ clauses: [UserQuery.Clause], column inherited: String, isExcluded inheritedExclusion: Bool,
        corrections: [String: [String]], into phrases: inout [CompiledQuery.Phrase], terms termCount: inout Int
    ) -> String? {
        var positives: [String] = []
        var negatives: [String] = []
        // The phrases of `positives`, then of `negatives`, in order.
        var positivePhrases: [CompiledQuery.Phrase] = []
        var negativePhrases: [CompiledQuery.Phrase] = []
        for clause in clauses {
            let isExcluded = inheritedExclusion || clause.isExcluded
            let column = clause.inTitleOnly ? "title : " : inherited
            let prefix = clause.inTitleOnly ? column : ""
            var alternatives: [String] = []
            var clausePhrases: [CompiledQuery.Phrase] = []
            for term in clause.alternatives {
                if case .group(let inner) = term {
                    if let expression = conjunction(inner, column: column, isExcluded: isExcluded, corrections: corrections,
                                                    into: &clausePhrases, terms: &termCount) {
                        alternatives.append("(" + expression + ")")
                    }
                    continue
                }
                guard let compiled = compile(term, corrections: isExcluded ? [:] : corrections) else { continue }
                alternatives.append(compiled.expression)
                let weight = Double(clause.repeats)
                clausePhrases += compiled.phrases.enumerated().map { index, phrase in
                    .init(expression: column + phrase.text, term: isExcluded ? nil : termCount + phrase.term, weight: weight,
                          forms: phrase.forms, trailingWords: phrase.trailingWords,
                          isCorrection: !isExcluded && index >= compiled.phrases.count - compiled.corrected)
                }
                if !isExcluded { termCount += (compiled.phrases.map(\.term).max() ?? 0) + 1 }
            }
            guard !alternatives.isEmpty else { continue }
            let expression = prefix + (alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")")
            if clause.isExcluded {
                negatives.append(expression)
                negativePhrases += clausePhrases
            } else {
                positives.append(expression)
                positivePhrases += clausePhrases
            }
        }
        guard !positives.isEmpty else { return nil }
        // FTS5 numbers phrases in the order they appear in the expression.
        phrases += positivePhrases + negativePhrases
        return positives.joined(separator: " AND ") + negatives.map { " NOT " + $0 }.joined()
    }

    /// One term compiled: its FTS5 expression, and its phrases in order, each with the term it
    /// stands for (relative to this one: a proximity's sides are terms of their own) and its
    /// forms; the last `corrected` are corrections.
    private struct CompiledTerm {
        struct Phrase {
            var text: String
            var term = 0
            var forms = 1
            var trailingWords = 0
        }

        var expression: String
        var phrases: [Phrase]
        var corrected = 0
    }

    /// The FTS5 phrases of one term that is not a group, its alternatives; `nil` when it holds
    /// no word.
    private func compile(_ term: UserQuery.Term, corrections: [String: [String]]) -> CompiledTerm? {
        let phrases: [String]
        var corrected = 0
        var trailingWords = 0
        switch term {
        case .words(let parts):
            let words = parts.flatMap { analyzer.analyze($0) }
            guard !words.isEmpty else { return nil }
            if words.count == 1 {
                let forms = forms(of: words[0])
                let corrections = (corrections[words[0].folded] ?? []).filter { !forms.contains($0) }
                phrases = (forms + corrections).map { Self.quoted([[$0]]) }
                corrected = corrections.count
            } else {
                let slots = phraseSlots(words)
                phrases = [Self.quoted(slots)]
                trailingWords = words.count - slots.count
            }
        case .prefix(let text):
            let words = analyzer.analyze(text)
            guard let last = words.last else { return nil }
            // A word starting with the prefix has either a stem or an exact form starting with
            // it (documents emit the exact form only when no stem equals it).
            let leading = words.dropLast().map(phraseForms)
            phrases = [TermKind.stem, .exact].map { kind in
                Self.quoted(leading + [[kind.prefix + last.folded]]) + " *"
            }
        case .near(let sides, let distance):
            return proximity(sides, distance: distance)
        case .group:
            return nil
        }
        let expression = phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")"
        return CompiledTerm(expression: expression, phrases: phrases.map { .init(text: $0, trailingWords: trailingWords) },
                            corrected: corrected)
    }

    /// `NEAR(side side…, distance)`: FTS5's NEAR takes phrases, not OR groups, so a one-word
    /// side is one phrase whose word carries all its forms colocated (any of them matches), and
    /// a phrase side carries its words' stems as a phrase does. Each form counts in the cost.
    private func proximity(_ sides: [String], distance: Int) -> CompiledTerm? {
        let phrases = sides.compactMap { side -> CompiledTerm.Phrase? in
            let words = analyzer.analyze(side)
            guard !words.isEmpty else { return nil }
            let forms = words.count == 1 ? [forms(of: words[0])] : words.map(phraseForms)
            return .init(text: Self.quoted(forms), forms: forms.reduce(0) { $0 + $1.count })
        }
        guard !phrases.isEmpty else { return nil }
        let numbered = phrases.enumerated().map { index, phrase in
            CompiledTerm.Phrase(text: phrase.text, term: index, forms: phrase.forms)
        }
        guard numbered.count > 1 else { return CompiledTerm(expression: numbered[0].text, phrases: numbered) }
        return CompiledTerm(expression: "NEAR(" + numbered.map(\.text).joined(separator: " ") + ", \(distance))", phrases: numbered)
    }

    /// The forms of a word inside a phrase (or compound): its own stems, colocated at one
    /// position. A phrase asks for these words in this order, so lemma variants and restored
    /// accents are left out: they multiplied the cost of phrases of frequent words (`de la`),
    /// and every document word carries its stems, so inflections still match.
    package func phraseForms(_ word: AnalyzedWord) -> [String] {
        word.tokens.filter { TermKind(token: $0) == .stem }
    }

    /// The tokens of a phrase's positions, from its first word's: each word's stems
    /// (``phraseForms(_:)``), except that a word followed by another, both with only common
    /// stems, is read through their pair token (``CommonWordPairs``): one short posting
    /// list instead of two that hold nearly every document. A last word read through the
    /// pair before it is left out (the pair's position is its word's), so `"de la"` is one
    /// token; a word inside the phrase keeps its own position.
    ///
    /// Proximities keep every word's stems: FTS5 measures a `NEAR` by its phrases' tokens.
    private func phraseSlots(_ words: [AnalyzedWord]) -> [[String]] {
        let stems = words.map(phraseForms)
        let pairs = stems.indices.dropLast().map { analyzer.commonPairTokens(first: stems[$0], second: stems[$0 + 1]) }
        let slots = zip(pairs, stems).map { pair, stems in pair ?? stems }
        return pairs.last == nil || pairs.last! == nil ? slots + [stems.last!] : slots
    }

    /// The index forms a query word matches.
    package func forms(of word: AnalyzedWord) -> [String] {
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
