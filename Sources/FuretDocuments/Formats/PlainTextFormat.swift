/// Plain text and Markdown: the body is the text; the title is its first line when it reads as
/// one (``leadingTitle(of:)``).
package struct PlainTextFormat: DocumentFormat {
    static let text = PlainTextFormat(name: "text", extensions: ["txt", "text"])
    static let markdown = PlainTextFormat(name: "markdown", extensions: ["md", "markdown"])

    package let name: String
    package let extensions: Set<String>
    package let keepsLines = true

    package func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        let (text, encoding) = try TextDecoding.decodeText(bytes)
        return ExtractedFile(document: ExtractedDocument(title: Self.leadingTitle(of: text), body: text), encoding: encoding)
    }

    /// The longest line a title may be, in characters: a longer first line is a paragraph.
    static let maximumTitleLength = 200

    /// The title a text gives itself: its first non-empty line, trimmed (Markdown heading
    /// marks dropped), when that line is at most ``maximumTitleLength`` characters and more
    /// text follows it; else none (`""`).
    ///
    /// A text of one line is a paragraph on its own, and a first line of more than 200
    /// characters a paragraph too, not a heading. Taken as a title, its words were indexed
    /// twice and counted six times in ranking (the title weighs five times the body): at a
    /// million paragraph-sized documents, 30 % of the tokens indexed (and 6 % of the index),
    /// and an edge over longer documents that their words do not earn.
    ///
    /// Only the start of the line is walked by characters: a long first line (a book with
    /// no line breaks) costs its first 200 characters and the one after them, and a text of
    /// one line none past its leading whitespace.
    package static func leadingTitle(of text: String) -> String {
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.utf8.firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } ?? rest.endIndex
            let line = rest[..<end].drop { $0 == "#" || $0.isWhitespace }
            if !line.isEmpty {
                // Whether more text follows first: it costs a character or two, where the
                // line's length walks its characters.
                guard rest[end...].contains(where: { !$0.isWhitespace }) else { return "" }
                let head = line.prefix(maximumTitleLength)
                guard !line[head.endIndex...].contains(where: { !$0.isWhitespace }),
                      let last = head.lastIndex(where: { !$0.isWhitespace }) else { return "" }
                return String(head[...last])
            }
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
        }
        return ""
    }
}
