/// Searches the index.
///
/// `{"query": "bail commercial", "limit": 10, "offset": 0}` → ``SearchResult``.
public struct SearchRequest: RequestMethod, Hashable {
    public typealias Response = SearchResult
    public static let method = "search"

    /// The query, in the daemon's query syntax.
    public var query: String
    /// The maximum number of hits to return; the daemon's default when `nil`.
    public var limit: Int?
    /// How many hits to skip, for paging; none when `nil`.
    public var offset: Int?
    /// Whether to find the ``SearchHit/line`` of hits in plain text; not when `nil`. It
    /// costs reading each such body up to its match.
    public var lines: Bool?

    public init(query: String, limit: Int? = nil, offset: Int? = nil, lines: Bool? = nil) {
        self.query = query
        self.limit = limit
        self.offset = offset
        self.lines = lines
    }
}

/// One page of hits, best first.
public struct SearchResult: Codable, Hashable, Sendable {
    /// The number of matching documents, all pages together.
    public var total: Int
    public var hits: [SearchHit]
    /// The query with its mistyped words corrected, when the query as typed finds nothing or
    /// has a word no document has; absent otherwise.
    public var suggestion: String?
    /// With a ``suggestion``: `true` when the hits are the suggestion's (the query as typed
    /// found nothing), `false` when they are the query's own first, then the suggestion's.
    public var corrected: Bool?

    public init(total: Int, hits: [SearchHit], suggestion: String? = nil, corrected: Bool? = nil) {
        self.total = total
        self.hits = hits
        self.suggestion = suggestion
        self.corrected = corrected
    }
}

/// A matching document.
public struct SearchHit: Codable, Hashable, Sendable {
    /// The document's absolute path.
    public var path: String
    /// The document's title; empty when it has none.
    public var title: String
    /// The relevance score: higher is better.
    public var score: Double
    /// An excerpt around the matches.
    public var snippet: String
    /// Where the matched words are in ``snippet``.
    public var highlights: [TextRange]
    /// The 1-based page of the snippet's match, in a paged document (PDF); absent otherwise.
    public var page: Int?
    /// That page's label (`xi`), when the document labels pages otherwise than by number.
    public var pageLabel: String?
    /// The 1-based line of the snippet's match in a plain-text file, when the request asked
    /// for lines; absent otherwise.
    public var line: Int?

    public init(
        path: String, title: String, score: Double, snippet: String, highlights: [TextRange],
        page: Int? = nil, pageLabel: String? = nil, line: Int? = nil
    ) {
        self.path = path
        self.title = title
        self.score = score
        self.snippet = snippet
        self.highlights = highlights
        self.page = page
        self.pageLabel = pageLabel
        self.line = line
    }

    enum CodingKeys: String, CodingKey {
        case path
        case title
        case score
        case snippet
        case highlights
        case page
        case pageLabel = "page_label"
        case line
    }

    /// Where a reader finds the match, as grep cites it: `path:page` for a paged document,
    /// `path:line` for plain text when the line is known, else the path.
    public var citation: String {
        (page ?? line).map { "\(path):\($0)" } ?? path
    }
}

/// A range of Unicode scalars in a string: `start` included, `end` excluded.
///
/// Unicode scalar offsets, not UTF-8 or UTF-16 ones, so that every client can slice
/// the string without knowing how the daemon stores it.
public struct TextRange: Codable, Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}
