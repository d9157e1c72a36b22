/// What a person typed, parsed: search terms and filters. Nothing here is FTS5 syntax yet.
///
/// Syntax: words are ANDed; `"a phrase"`; `-word` and `-"phrase"` exclude; `OR` between two
/// terms; `word*` for a prefix; `title:word` or `title:"phrase"`; filters `path:fragment`,
/// `ext:html`, `after:2024-05-01`, `before:2024-06-30` (the document's date, UTC: from its
/// metadata, else the file's modification time).
/// Anything else is text: stray quotes, parentheses, `NEAR(`, `AND`, `NOT`, `^`, SQL…
public struct UserQuery: Sendable, Equatable {
    /// A unit of search text.
    public enum Term: Sendable, Equatable {
        /// Words that must appear in this order (one word, or a phrase or compound).
        case words([String])
        /// Words starting with this text.
        case prefix(String)
    }

    /// One condition: any of its alternatives (`a OR b`), possibly excluded or limited to titles.
    public struct Clause: Sendable, Equatable {
        public var alternatives: [Term]
        public var isExcluded = false
        public var inTitleOnly = false
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
}

/// A query that cannot be searched, with the position (in characters) of the problem.
public struct QuerySyntaxError: Error, CustomStringConvertible, Sendable, Equatable {
    public var position: Int
    public var message: String

    public var description: String { "\(message) (at character \(position + 1))" }
}
