/// The searchable text of a file: its title and body.
public struct ExtractedText: Sendable, Equatable {
    public var title: String
    public var body: String
}

/// A file format Furet can index: how to get text out of a file's decoded content.
///
/// Formats are chosen by file extension. To add one (PDF, ODT, DOCX, mail), write a type
/// conforming to this protocol and list it in ``DocumentFormats/all``.
protocol DocumentFormat: Sendable {
    /// The name recorded in the index (`text`, `markdown`, `html`).
    var name: String { get }
    /// Lowercase extensions, without the dot.
    var extensions: Set<String> { get }
    /// The title and body of a file's text.
    func extract(_ text: String) -> ExtractedText
}

/// The registry of formats.
enum DocumentFormats {
    static let all: [any DocumentFormat] = [PlainTextFormat.text, PlainTextFormat.markdown, HTMLFormat()]

    private static let byExtension: [String: any DocumentFormat] = Dictionary(
        all.flatMap { format in format.extensions.map { ($0, format) } },
        uniquingKeysWith: { first, _ in first }
    )

    /// The format for a path, from its extension; `nil` when Furet does not index it.
    static func format(forPath path: String) -> (any DocumentFormat)? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return byExtension[path[path.index(after: dot)...].lowercased()]
    }
}

/// Plain text and Markdown: the body is the text; the title is its first non-empty line.
struct PlainTextFormat: DocumentFormat {
    static let text = PlainTextFormat(name: "text", extensions: ["txt", "text"])
    static let markdown = PlainTextFormat(name: "markdown", extensions: ["md", "markdown"])

    let name: String
    let extensions: Set<String>

    func extract(_ text: String) -> ExtractedText {
        ExtractedText(title: Self.firstLine(of: text), body: text)
    }

    /// The first non-empty line, trimmed (Markdown heading marks dropped), at most 200 characters.
    ///
    /// Only the start of the line is walked by characters: a long first line (a book with
    /// no line breaks) costs its first 200 characters, and trailing whitespace is found
    /// from the end of those, without reversing the text.
    static func firstLine(of text: String) -> String {
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
