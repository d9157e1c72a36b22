/// A range of Unicode scalars in a snippet, `end` excluded.
public struct HighlightRange: Sendable, Equatable {
    public var start: Int
    public var end: Int
}

/// One matching document.
public struct SearchHit: Sendable, Equatable {
    public var path: String
    public var title: String
    /// BM25, higher is better.
    public var score: Double
    /// About 30 words around the best match, in the document's own spelling.
    public var snippet: String
    /// Where the matched words are in `snippet`.
    public var highlights: [HighlightRange]
}

/// A page of results and how many documents match in all.
public struct SearchResults: Sendable, Equatable {
    public var total: Int
    public var hits: [SearchHit]
}

/// Snippets come from FTS5 with private-use marks around matches; this turns them into
/// one line of plain text (runs of white space, line breaks included, become one space) and
/// ranges counted in Unicode scalars.
enum SnippetMarks {
    static let open: Unicode.Scalar = "\u{E000}"
    static let close: Unicode.Scalar = "\u{E001}"

    static func split(_ marked: String) -> (text: String, highlights: [HighlightRange]) {
        var text = String.UnicodeScalarView()
        var highlights: [HighlightRange] = []
        var count = 0
        var start: Int?
        for scalar in marked.unicodeScalars {
            switch scalar {
            case open:
                start = count
            case close:
                if let begin = start, begin < count { highlights.append(HighlightRange(start: begin, end: count)) }
                start = nil
            case _ where scalar.properties.isWhitespace:
                guard count > 0, text.last != " " else { continue }
                text.append(" ")
                count += 1
            default:
                text.append(scalar)
                count += 1
            }
        }
        if text.last == " " { text.removeLast() }
        return (String(text), highlights)
    }
}
