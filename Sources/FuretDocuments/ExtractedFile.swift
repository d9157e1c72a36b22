/// What a format found in a file: the file's own document and, for containers (an mbox, a
/// mail with attachments), documents inside it.
///
/// Crosses the pipe between `furetd` and `furet-extract`, hence `Codable`.
public struct ExtractedFile: Sendable, Equatable, Codable {
    /// The file's own document (for an mbox, an empty one: its messages are `parts`).
    public var document: ExtractedDocument
    /// Documents inside the file, each named by a `part` string unique within the file
    /// (`"3"` for an mbox's third message, `"2/rapport.pdf"` for a mail's attachment).
    /// All of a file's parts are replaced together when the file changes.
    public var parts: [ExtractedPart]
    /// The encoding a text format read the bytes with; `nil` for formats whose bytes are not
    /// text (PDF, zip containers, mail), which decode their own strings.
    public var encoding: TextEncoding?

    public init(document: ExtractedDocument, parts: [ExtractedPart] = [], encoding: TextEncoding? = nil) {
        self.document = document
        self.parts = parts
        self.encoding = encoding
    }

    /// The file's own document, then its parts' documents; set, the same number in the same
    /// order.
    package var documents: [ExtractedDocument] {
        get { [document] + parts.map(\.document) }
        set {
            precondition(newValue.count == parts.count + 1, "a document for the file and each of its parts")
            document = newValue[0]
            for index in parts.indices { parts[index].document = newValue[index + 1] }
        }
    }
}

/// The searchable text of one document and what is known about it.
public struct ExtractedDocument: Sendable, Equatable, Codable {
    /// The page separator in ``body``: U+000C, as `pdftotext` writes it and Recoll indexes it.
    public static let pageBreak: Character = "\u{0C}"
    /// ``pageBreak`` as its one UTF-8 byte, for loops over a body's bytes.
    public static let pageBreakByte = pageBreak.asciiValue!

    public var title: String
    /// The text. In a paged document, pages are separated by ``pageBreak`` (one fewer
    /// separator than pages; an empty page is an empty string between two separators).
    public var body: String
    /// Whether ``body`` is cut into pages: hits in it cite a page rather than a line.
    public var paged: Bool
    /// Each page's label, in order, when the document labels pages otherwise than 1, 2, 3…
    /// (a PDF whose physical page 12 is "xi"); `nil` when labels are the page numbers.
    public var pageLabels: [String]?
    /// The date the document gives itself (PDF `CreationDate`, mail `Date`, HTML
    /// `article:published_time`), in seconds since 1970; `nil` when it has none, and the
    /// file's mtime is used instead.
    public var date: Double?
    /// The author (PDF `Author`, mail `From`, office core properties), when given.
    public var author: String?

    public init(
        title: String, body: String, paged: Bool = false, pageLabels: [String]? = nil,
        date: Double? = nil, author: String? = nil
    ) {
        self.title = title
        self.body = body
        self.paged = paged
        self.pageLabels = pageLabels
        self.date = date
        self.author = author
    }
}

/// A document inside a file (an mbox's message, a mail's attachment).
public struct ExtractedPart: Sendable, Equatable, Codable {
    /// Unique within its file; stored with the file's path (`documents.part`), and shown by
    /// `furet search` after it (`archive.mbox#3`, `envoi.eml › rapport.odt`).
    public var part: String
    public var document: ExtractedDocument

    public init(part: String, document: ExtractedDocument) {
        self.part = part
        self.document = document
    }
}
