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
/// alternatives. A group becomes a parenthesised FTS5 expression. A proximity the query
/// requires asks FTS5 only for each side, as any of its forms, and leaves the distance to the
/// ranking (``rankedProximity(_:distance:)``); any other is FTS5's `NEAR(…, n)` over one
/// phrase per side (see ``proximity(_:distance:)``).
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
    /// own rarity. `ranksProximities` `false` leaves every proximity to FTS5's `NEAR`: what
    /// the ranking's proximities must equal.
    /// - Throws: ``QuerySyntaxError`` when no term has anything to search.
    func compile(
        _ query: UserQuery, corrections: [String: [String]] = [:], ranksProximities: Bool = true
    ) throws(QuerySyntaxError) -> CompiledQuery {
        var list = PhraseList()
        var termCount = 0
        guard let match = conjunction(
            query.clauses, column: "", isExcluded: false, ranksProximities: ranksProximities, corrections: corrections,
            into: &list, terms: &termCount
        ) else {
            throw QuerySyntaxError(position: 0, message: "the query has no word to search for")
        }
        return CompiledQuery(match: match, phrases: list.phrases, proximities: list.proximities)
    }

    /// The phrases of part of a query in FTS5's order, with the proximities the ranking checks
    /// among them.
    private struct PhraseList {
        var phrases: [CompiledQuery.Phrase] = []
        var proximities: [CompiledQuery.Proximity] = []

        /// Appends `other`'s phrases after these, its proximities renumbered to match.
        mutating func append(_ other: PhraseList) {
            let shift = phrases.count
            phrases += other.phrases
            proximities += other.proximities.map { proximity in
                var shifted = proximity
                for index in shifted.sides.indices {
                    let range = shifted.sides[index].phrases
                    shifted.sides[index].phrases = range.lowerBound + shift..<range.upperBound + shift
                }
                return shifted
            }
        }
    }

    /// The FTS5 expression of clauses that must all hold (the query, or a group), appending
    /// their phrases to `phrases` in the order FTS5 numbers them, and numbering their terms
    /// from `terms` on; `nil` when no clause that is not excluded has anything to search.
    /// `column` is the column filter of an enclosing clause, `isExcluded` whether one is
    /// excluded; `ranksProximities` whether every match must hold each clause (the query's
    /// own, or those of a group it requires), so that the ranking may check a proximity
    /// clause.
    private func conjunction(
        _ clauses: [UserQuery.Clause], column inherited: String, isExcluded inheritedExclusion: Bool, ranksProximities: Bool,
        corrections: [String: [String]], into phrases: inout PhraseList, terms termCount: inout Int
    ) -> String? {
        var positives: [String] = []
        var negatives: [String] = []
        // The phrases of `positives`, then of `negatives`, in order.
        var positivePhrases = PhraseList()
        var negativePhrases = PhraseList()
        for clause in clauses {
            let isExcluded = inheritedExclusion || clause.isExcluded
            let isRequired = ranksProximities && !isExcluded && clause.alternatives.count == 1
            let column = clause.inTitleOnly ? "title : " : inherited
            let prefix = clause.inTitleOnly ? column : ""
            var alternatives: [String] = []
            var clausePhrases = PhraseList()
            for term in clause.alternatives {
                if case .group(let inner) = term {
                    if let expression = conjunction(inner, column: column, isExcluded: isExcluded, ranksProximities: isRequired,
                                                    corrections: corrections, into: &clausePhrases, terms: &termCount) {
                        alternatives.append("(" + expression + ")")
                    }
                    continue
                }
                guard let compiled = compile(term, corrections: isExcluded ? [:] : corrections, ranksProximity: isRequired) else {
                    continue
                }
                alternatives.append(compiled.expression)
                let weight = Double(clause.repeats)
                var termPhrases = PhraseList()
                termPhrases.phrases = compiled.phrases.enumerated().map { index, phrase in
                    .init(expression: column + phrase.text, term: isExcluded ? nil : termCount + phrase.term, weight: weight,
                          forms: phrase.forms, trailingWords: phrase.trailingWords,
                          isCorrection: !isExcluded && index >= compiled.phrases.count - compiled.corrected, token: phrase.token)
                }
                if var proximity = compiled.proximity {
                    for index in proximity.sides.indices {
                        proximity.sides[index].expression = column + proximity.sides[index].expression
                        proximity.sides[index].anyForm = column + proximity.sides[index].anyForm
                    }
                    termPhrases.proximities = [proximity]
                }
                clausePhrases.append(termPhrases)
                if !isExcluded { termCount += (compiled.phrases.map(\.term).max() ?? 0) + 1 }
            }
            guard !alternatives.isEmpty else { continue }
            let expression = prefix + (alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")")
            if clause.isExcluded {
                negatives.append(expression)
                negativePhrases.append(clausePhrases)
            } else {
                positives.append(expression)
                positivePhrases.append(clausePhrases)
            }
        }
        guard !positives.isEmpty else { return nil }
        // FTS5 numbers phrases in the order they appear in the expression.
        phrases.append(positivePhrases)
        phrases.append(negativePhrases)
        return positives.joined(separator: " AND ") + negatives.map { " NOT " + $0 }.joined()
    }

    /// One term compiled: its FTS5 expression, and its phrases in order, each with the term it
    /// stands for (relative to this one: a proximity's sides are terms of their own) and its
    /// forms; the last `corrected` are corrections; a proximity the ranking checks, over
    /// these phrases, without column filter.
    private struct CompiledTerm {
        struct Phrase {
            var text: String
            var term = 0
            var forms = 1
            var trailingWords = 0
            /// The one token it reads, if it reads one.
            var token: String?
        }

        var expression: String
        var phrases: [Phrase]
        var corrected = 0
        var proximity: CompiledQuery.Proximity?
    }

    /// The FTS5 phrases of one term that is not a group, its alternatives; `nil` when it holds
    /// no word. A proximity is left to the ranking when `ranksProximity`.
    private func compile(_ term: UserQuery.Term, corrections: [String: [String]], ranksProximity: Bool) -> CompiledTerm? {
        let phrases: [String]
        let tokens: [String?]
        var corrected = 0
        var trailingWords = 0
        switch term {
        case .words(let parts):
            let words = parts.flatMap { analyzer.analyze($0) }
            guard !words.isEmpty else { return nil }
            if words.count == 1 {
                let forms = forms(of: words[0])
                let corrections = (corrections[words[0].folded] ?? []).filter { !forms.contains($0) }
                let alternatives = forms + corrections
                phrases = alternatives.map { Self.quoted([[$0]]) }
                tokens = alternatives
                corrected = corrections.count
            } else {
                let slots = phraseSlots(words)
                phrases = [Self.quoted(slots)]
                tokens = [slots.count == 1 && slots[0].count == 1 ? slots[0][0] : nil]
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
            tokens = phrases.map { _ in nil }
        case .near(let sides, let distance):
            return ranksProximity ? rankedProximity(sides, distance: distance) : proximity(sides, distance: distance)
        case .group:
            return nil
        }
        let expression = phrases.count == 1 ? phrases[0] : "(" + phrases.joined(separator: " OR ") + ")"
        return CompiledTerm(expression: expression,
                            phrases: zip(phrases, tokens).map { .init(text: $0, trailingWords: trailingWords, token: $1) },
                            corrected: corrected)
    }

    /// `NEAR(side side…, distance)`: FTS5's NEAR takes phrases, not OR groups, so a one-word
    /// side is one phrase whose word carries all its forms colocated (any of them matches), and
    /// a phrase side carries its words' stems as a phrase does. Each form counts in the cost.
    private func proximity(_ sides: [String], distance: Int) -> CompiledTerm? {
        let phrases = proximitySides(sides).map { forms in
            CompiledTerm.Phrase(text: Self.quoted(forms), forms: forms.reduce(0) { $0 + $1.count })
        }
        guard !phrases.isEmpty else { return nil }
        let numbered = phrases.enumerated().map { index, phrase in
            CompiledTerm.Phrase(text: phrase.text, term: index, forms: phrase.forms)
        }
        guard numbered.count > 1 else { return CompiledTerm(expression: numbered[0].text, phrases: numbered) }
        return CompiledTerm(expression: "NEAR(" + numbered.map(\.text).joined(separator: " ") + ", \(distance))", phrases: numbered)
    }

    /// `(side AND side…)`, each side any of its forms, with the proximity the ranking then
    /// checks (see `furet_ranking_add_proximity`): a one-word side is an `OR` of its forms,
    /// each its own phrase, which FTS5 reads in place from its index, where `NEAR` merged
    /// them into a new position list for every row holding every side; a phrase side is its
    /// phrase, as for `NEAR`. A single side is `NEAR`'s too (the side alone).
    private func rankedProximity(_ sides: [String], distance: Int) -> CompiledTerm? {
        let sideForms = proximitySides(sides)
        guard sideForms.count > 1 else { return proximity(sides, distance: distance) }
        var phrases: [CompiledTerm.Phrase] = []
        var expressions: [String] = []
        var constraint = CompiledQuery.Proximity(distance: distance, sides: [])
        for (term, forms) in sideForms.enumerated() {
            let texts = forms.count == 1 ? forms[0].map { Self.quoted([[$0]]) } : [Self.quoted(forms)]
            let first = phrases.count
            phrases += texts.map { .init(text: $0, term: term, forms: forms.count == 1 ? 1 : forms.reduce(0) { $0 + $1.count }) }
            let anyForm = texts.count == 1 ? texts[0] : "(" + texts.joined(separator: " OR ") + ")"
            expressions.append(anyForm)
            constraint.sides.append(.init(phrases: first..<phrases.count, words: forms.count, expression: Self.quoted(forms), anyForm: anyForm))
        }
        return CompiledTerm(expression: "(" + expressions.joined(separator: " AND ") + ")", phrases: phrases, proximity: constraint)
    }

    /// The tokens of each side of a proximity that holds a word, by position: a one-word
    /// side's forms (``forms(of:)``, all at its one position), a phrase side's words' stems.
    private func proximitySides(_ sides: [String]) -> [[[String]]] {
        sides.compactMap { side in
            let words = analyzer.analyze(side)
            guard !words.isEmpty else { return nil }
            return words.count == 1 ? [forms(of: words[0])] : words.map(phraseForms)
        }
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
