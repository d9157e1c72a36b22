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
        /// The one token it reads, when it reads one: what its score bounds are kept under
        /// (``StoredScoreBounds``).
        var token: String?
    }

    /// A proximity the ranking checks on each row rather than FTS5's `NEAR` (see
    /// `furet_ranking_add_proximity`): one the query requires, whose sides the expression
    /// only asks for, each as any of its forms.
    struct Proximity {
        struct Side {
            /// Its forms' phrases: a word's forms, or a phrase side's one phrase.
            var phrases: Range<Int>
            /// Its length in tokens.
            var words: Int
            /// The side as one FTS5 phrase, its forms colocated, with its column filter: the
            /// phrase `NEAR` would take, whose document count the side is scored with.
            var expression: String
            /// An FTS5 expression matching the rows that hold the side: what its count counts.
            var anyForm: String
        }

        /// The most tokens allowed between the sides, as `NEAR`'s.
        var distance: Int
        var sides: [Side]
    }

    var match: String
    var phrases: [Phrase]
    var proximities: [Proximity] = []

    /// Whether a row holding any of the phrases matches: the query is one term's forms.
    var isAlternatives: Bool { proximities.isEmpty && phrases.allSatisfy { $0.term == 0 } }

    var phraseTerms: [Int?] { phrases.map(\.term) }
    var phraseTrailingWords: [Int] { phrases.map(\.trailingWords) }
    var phraseTokens: [String?] { phrases.map(\.token) }
}
