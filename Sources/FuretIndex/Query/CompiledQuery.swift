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
        /// The word forms it holds: the cost it counts for (``QueryCost/maximumPhrases``).
        var forms = 1
        /// The words it matches after its last token (a last word read through a common
        /// pair, see ``QueryCompiler``): FTS5 reports the phrase's tokens, a snippet marks
        /// all its words.
        var trailingWords = 0
        /// Whether it stands for a correction of a mistyped word (see ``TypoCorrector``).
        var isCorrection = false
    }

    var match: String
    var phrases: [Phrase]

    var phraseTerms: [Int?] { phrases.map(\.term) }
    var phraseTrailingWords: [Int] { phrases.map(\.trailingWords) }
}
