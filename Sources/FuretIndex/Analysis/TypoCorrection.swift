import FuretAnalysis

/// The corrections of a query's words (see ``TypoCorrector``).
package struct TypoCorrection {
    struct Candidate {
        /// The word of the documents, folded.
        var word: String
        /// Its index tokens.
        var tokens: [String]
    }

    struct Word {
        /// The word as typed, folded.
        var folded: String
        /// Its stems and exact form: the suggestion keeps a word the best hit has.
        var tokens: [String]
        /// Best first.
        var candidates: [Candidate]
    }

    var words: [Word]
    /// Whether some corrected word is in no document (rather than a real word mistyped).
    var hasUnknownWords: Bool
    /// The query as typed.
    var typed: String
    let accents: AccentVocabulary

    /// The tokens each corrected word also searches, by folded word; each token becomes an
    /// alternative phrase of the word (see ``QueryCompiler/compile(_:corrections:)``).
    package var tokens: [String: [String]] {
        Dictionary(uniqueKeysWithValues: words.map { word in
            var tokens: [String] = []
            for token in word.candidates.flatMap(\.tokens) where !tokens.contains(token) { tokens.append(token) }
            return (word.folded, tokens)
        })
    }

    /// The query as typed with each corrected word the best corrected hit does not have
    /// replaced by its best candidate the hit has (`matches` is called with an FTS5
    /// expression: does the hit have it?), so that the suggestion is a query whose words go
    /// together; `nil` when no word changes.
    func suggestion(analyzer: FrenchAnalyzer, matches: (String) throws -> Bool) rethrows -> String? {
        var replacements: [String: String] = [:]
        for word in words where try !matches(QueryCompiler.alternatives(word.tokens)) {
            for candidate in word.candidates {
                guard try matches(QueryCompiler.alternatives(candidate.tokens)) else { continue }
                replacements[word.folded] = display(candidate.word)
                break
            }
        }
        guard !replacements.isEmpty else { return nil }
        var suggestion = Array(typed.utf8)
        // From the end, so earlier offsets stay valid.
        for typedWord in analyzer.analyze(typed).reversed() {
            guard let replacement = replacements[typedWord.folded] else { continue }
            let original = suggestion[typedWord.start..<typedWord.end]
            let startsUppercase = String(decoding: original, as: UTF8.self).first?.isUppercase == true
            let shown = startsUppercase ? replacement.prefix(1).uppercased() + replacement.dropFirst() : replacement
            suggestion.replaceSubrange(typedWord.start..<typedWord.end, with: shown.utf8)
        }
        return String(decoding: suggestion, as: UTF8.self)
    }

    /// A folded word as documents spell it, when they spell it one way (`procedure` →
    /// `procédure`).
    private func display(_ folded: String) -> String {
        let spellings = accents.spellings(of: folded)
        return spellings.count == 1 ? spellings.first! : folded
    }
}
