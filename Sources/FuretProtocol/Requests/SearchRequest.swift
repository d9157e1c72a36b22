/// Searches the index.
///
/// `{"query": "bail commercial", "limit": 10, "offset": 0, "sort": "-date"}` → ``SearchResult``.
public struct SearchRequest: RequestMethod, Hashable {
    public typealias Response = SearchResult
    public static let method = "search"

    /// The query, in the daemon's query syntax.
    public var query: String
    /// The maximum number of hits to return; the daemon's default when `nil`.
    public var limit: Int?
    /// How many hits to skip, for paging; none when `nil`.
    public var offset: Int?
    /// The order of the hits; by relevance when `nil`.
    public var sort: SearchSort?
    /// Whether to find the ``SearchHit/line`` of hits in plain text; not when `nil`. It
    /// costs reading each such body up to its match.
    public var lines: Bool?
    /// Whether to count every match, however many; when `nil`, the total is exact up to a
    /// limit (10,000) and past it flagged as a lower bound (``SearchResult/totalIsLowerBound``).
    public var exactTotal: Bool?

    public init(
        query: String, limit: Int? = nil, offset: Int? = nil, sort: SearchSort? = nil, lines: Bool? = nil, exactTotal: Bool? = nil
    ) {
        self.query = query
        self.limit = limit
        self.offset = offset
        self.sort = sort
        self.lines = lines
        self.exactTotal = exactTotal
    }

    enum CodingKeys: String, CodingKey {
        case query
        case limit
        case offset
        case sort
        case lines
        case exactTotal = "exact_total"
    }
}

/// The order of a search's hits.
public enum SearchSort: String, Codable, Hashable, Sendable, CaseIterable {
    /// Best score first.
    case relevance
    /// Oldest first, by the document's date (its metadata's, else the file's modification time).
    case date
    /// Newest first.
    case newestFirst = "-date"
}

/// One page of hits, best first.
public struct SearchResult: Codable, Hashable, Sendable {
    /// The number of matching documents, all pages together; a lower bound when
    /// ``totalIsLowerBound``.
    public var total: Int
    /// `true` when more than ``total`` documents match: unless asked for an exact total, the
    /// daemon stops counting at 10,000 (or the page's end, when further); absent otherwise.
    public var totalIsLowerBound: Bool?
    public var hits: [SearchHit]
    /// The query with its mistyped words corrected, when the query as typed finds nothing or
    /// has a word no document has; absent otherwise.
    public var suggestion: String?
    /// With a ``suggestion``: `true` when the hits are the suggestion's (the query as typed
    /// found nothing), `false` when they are the query's own first, then the suggestion's.
    public var corrected: Bool?
    /// `true` when some shards of a cluster (`furetd --shards`) could not be reached: the
    /// hits and total are the other shards' only; absent otherwise.
    public var partial: Bool?
    /// With ``partial``: the unreachable shards' addresses (`HOST:PORT`).
    public var missingShards: [String]?

    public init(
        total: Int, hits: [SearchHit], suggestion: String? = nil, corrected: Bool? = nil, totalIsLowerBound: Bool? = nil,
        partial: Bool? = nil, missingShards: [String]? = nil
    ) {
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
        self.hits = hits
        self.suggestion = suggestion
        self.corrected = corrected
        self.partial = partial
        self.missingShards = missingShards
    }

    enum CodingKeys: String, CodingKey {
        case total
        case totalIsLowerBound = "total_is_lower_bound"
        case hits
        case suggestion
        case corrected
        case partial
        case missingShards = "missing_shards"
    }
}

/// A matching document.
public struct SearchHit: Codable, Hashable, Sendable {
    /// The absolute path of the file the document is, or is in.
    public var path: String
    /// The document inside the file, absent for the file's own: an mbox's message by its
    /// number (`"3"`), a mail's attachment by its number and file name (`"2/rapport.odt"`),
    /// nested ones after their container (`"1/transfert.eml/1/annexe.pdf"`).
    public var part: String?
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
        page: Int? = nil, pageLabel: String? = nil, line: Int? = nil, part: String? = nil
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
    }

    enum CodingKeys: String, CodingKey {
        case path
        case part
        case title
        case score
        case snippet
        case highlights
        case page
        case pageLabel = "page_label"
        case line
    }

    /// Where a reader finds the match: the path, then the document inside the file
    /// (`archive.mbox#3`, `mail.eml › rapport.odt`), then, as grep cites it, `:page` for a
    /// paged document or `:line` for plain text when the line is known.
    public var citation: String {
        let place = path + (part.map(Self.citation(ofPart:)) ?? "")
        return (page ?? line).map { "\(place):\($0)" } ?? place
    }

    /// A part as it reads after its file's path: a message of an mbox by its number (`#3`),
    /// an attachment by its file name (` › rapport.odt`), in their nesting order. In a part,
    /// an attachment is its number then its name, which always has an extension (only named
    /// attachments in a readable format are parts): a number not followed by a name is a
    /// message's.
    static func citation(ofPart part: String) -> String {
        var components = part.split(separator: "/", omittingEmptySubsequences: false)[...]
        var citation = ""
        while let component = components.popFirst() {
            if let name = components.first, !name.isEmpty, !name.allSatisfy({ $0.isASCII && $0.isNumber }) {
                citation += " › " + name
                components.removeFirst()
            } else {
                citation += "#" + component
            }
        }
        return citation
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
