/// One matching document, as the engine ranks it (FuretProtocol's `SearchHit` is its form on the
/// wire, converted in the server).
public struct RankedHit: Sendable, Equatable {
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
