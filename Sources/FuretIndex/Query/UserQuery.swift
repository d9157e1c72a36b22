/// What a person typed, parsed: search terms and filters. Nothing here is FTS5 syntax yet.
///
/// Syntax: words are ANDed; `"a phrase"`; `-word` and `-"phrase"` exclude; `OR` between two
/// terms; `word*` for a prefix; `title:word` or `title:"phrase"`; `(…)` groups, nested, with
/// `OR` and `-` inside, and `-(…)` excludes a group; `a NEAR/5 b` or `"a b"~5` for words or
/// phrases with at most 5 words between them, in any order (bare `NEAR`: 10); filters
/// `path:fragment`, `ext:html`, `after:2024-05-01`, `before:2024-06-30` (the document's date,
/// UTC: from its metadata, else the file's modification time).
/// Anything else is text: stray quotes, unbalanced parentheses, `NEAR(`, `AND`, `NOT`, `^`, SQL…
public struct UserQuery: Sendable, Equatable {
    /// The largest distance `NEAR/n` and `"…"~n` accept: past it, proximity is just `AND`.
    public static let maximumDistance = 1_000
    /// The distance of a bare `NEAR`.
    public static let defaultDistance = 10

    /// A unit of search text.
    public indirect enum Term: Sendable, Hashable {
        /// Words that must appear in this order (one word, or a phrase or compound).
        case words([String])
        /// Words starting with this text.
        case prefix(String)
        /// Words or phrases (each side's text) with at most `distance` words between each
        /// other, in any order.
        case near(sides: [String], distance: Int)
        /// Clauses that must all hold: a parenthesised group.
        case group([Clause])
    }

    /// One condition: any of its alternatives (`a OR b`), possibly excluded or limited to titles.
    public struct Clause: Sendable, Hashable {
        public var alternatives: [Term]
        public var isExcluded = false
        public var inTitleOnly = false
        /// How many times the clause was typed: a repeated word weighs as much in the score
        /// as before repeats were collapsed, and costs one search.
        public var repeats = 1
    }

    public var clauses: [Clause] = []
    /// Path fragments the document path must contain.
    public var pathFragments: [String] = []
    /// Extensions (lowercase, no dot) of which the path must end with one.
    public var extensions: [String] = []
    /// Bounds of the document's date (metadata, else mtime), seconds since 1970 (after:
    /// inclusive, before: inclusive day).
    public var modifiedAfter: Double?
    public var modifiedBefore: Double?

    /// Drops the terms repeated within a clause, and keeps one of the clauses repeated
    /// whole, counting its ``Clause/repeats``: `de de de` matches what `de` matches, yet each
    /// copy cost a pass over every document holding it (a thousand: minutes).
    mutating func collapseDuplicates() {
        clauses = Self.collapsingDuplicates(clauses)
    }

    private static func collapsingDuplicates(_ clauses: [Clause]) -> [Clause] {
        var positions: [Clause: Int] = [:]
        var collapsed: [Clause] = []
        for clause in clauses {
            var seenTerms = Set<Term>()
            var unique = clause
            unique.alternatives = clause.alternatives.filter { seenTerms.insert($0).inserted }
            if let position = positions[unique] {
                collapsed[position].repeats += 1
            } else {
                positions[unique] = collapsed.count
                collapsed.append(unique)
            }
        }
        return collapsed
    }

    /// Every term, those of groups included, in the order typed.
    var allTerms: [Term] {
        Self.terms(of: clauses)
    }

    private static func terms(of clauses: [Clause]) -> [Term] {
        clauses.flatMap { clause in
            clause.alternatives.flatMap { term -> [Term] in
                if case .group(let inner) = term { terms(of: inner) } else { [term] }
            }
        }
    }
}
