/// A range of Unicode scalars in a snippet, `end` excluded.
public struct HighlightRange: Sendable, Equatable {
    public var start: Int
    public var end: Int
}

/// One matching document.
public struct SearchHit: Sendable, Equatable {
    /// The file the document is, or is in.
    public var path: String
    /// The document inside the file (``IndexedDocument/part``); `nil` for the file's own.
    public var part: String? = nil
    public var title: String
    /// BM25, higher is better.
    public var score: Double
    /// About 30 words around the best match, in the document's own spelling.
    public var snippet: String
    /// Where the matched words are in `snippet`.
    public var highlights: [HighlightRange]
    /// The 1-based page of the snippet's match, in a paged document; `nil` otherwise.
    public var page: Int? = nil
    /// That page's label, when the document's labels are not its page numbers.
    public var pageLabel: String? = nil
    /// The 1-based line of the snippet's match, once ``SearchIndex/withLines(_:)`` found it.
    public var line: Int? = nil
    /// Where the snippet's match starts in the body, in bytes; `nil` for a match in the title alone.
    public var matchOffset: Int? = nil

    package init(
        path: String, part: String? = nil, title: String, score: Double, snippet: String, highlights: [HighlightRange],
        page: Int? = nil, pageLabel: String? = nil, line: Int? = nil, matchOffset: Int? = nil
    ) {
        self.path = path
        self.part = part
        self.title = title
        self.score = score
        self.snippet = snippet
        self.highlights = highlights
        self.page = page
        self.pageLabel = pageLabel
        self.line = line
        self.matchOffset = matchOffset
    }
}

/// A page of results and how many documents match in all.
public struct SearchResults: Sendable, Equatable {
    /// How many documents match, or at least match when ``totalIsLowerBound``.
    public var total: Int
    /// Whether more than ``total`` documents match: the count stopped at
    /// ``SearchIndex/exactTotalLimit``.
    public var totalIsLowerBound = false
    public var hits: [SearchHit]
    /// The query with its mistyped words corrected, when the query as typed finds nothing or
    /// has a word no document has, and the corrected words find documents.
    public var suggestion: String?
    /// Whether the hits are those of ``suggestion`` (the query as typed found nothing).
    public var isCorrected = false
    /// The shards of a cluster that could not be reached (`HOST:PORT`): the hits are the
    /// other shards' only. Always empty on one machine.
    public var missingShards: [String] = []

    package init(total: Int, hits: [SearchHit], suggestion: String? = nil, isCorrected: Bool = false) {
        self.total = total
        self.hits = hits
        self.suggestion = suggestion
        self.isCorrected = isCorrected
    }
}
