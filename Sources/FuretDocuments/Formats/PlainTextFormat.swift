/// Plain text and Markdown: the body is the text; the title is its first non-empty line.
package struct PlainTextFormat: DocumentFormat {
    static let text = PlainTextFormat(name: "text", extensions: ["txt", "text"])
    static let markdown = PlainTextFormat(name: "markdown", extensions: ["md", "markdown"])

    package let name: String
    package let extensions: Set<String>
    package let keepsLines = true

    package func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile {
        let (text, encoding) = try TextDecoding.decodeText(bytes)
        return ExtractedFile(document: ExtractedDocument(title: Self.firstLine(of: text), body: text), encoding: encoding)
    }

    /// The first non-empty line, trimmed (Markdown heading marks dropped), at most 200 characters.
    ///
    /// Only the start of the line is walked by characters: a long first line (a book with
    /// no line breaks) costs its first 200 characters, and trailing whitespace is found
    /// from the end of those, without reversing the text.
    package static func firstLine(of text: String) -> String {
        var rest = Substring(text)
        while !rest.isEmpty {
            let end = rest.utf8.firstIndex { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") } ?? rest.endIndex
            let line = rest[..<end].drop { $0 == "#" || $0.isWhitespace }.prefix(200)
            if let last = line.lastIndex(where: { !$0.isWhitespace }) { return String(line[...last]) }
            rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
        }
        return ""
    }
}
