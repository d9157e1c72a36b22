import FuretDocuments
import FuretLemmas

/// A file read and ready to be written to the index: its own document, and the documents
/// inside it (``parts``).
public struct IndexedDocument: Sendable {
    public var path: String
    /// Which document of the file this is: `""` for the file's own, else its
    /// ``ExtractedPart/part`` (`"3"`, `"2/rapport.odt"`).
    public var part = ""
    public var title: String
    /// The text, as extracted.
    public var body: String
    public var size: Int
    /// Modification time, seconds since 1970.
    public var mtime: Double
    public var hash: UInt64
    /// The ``TextEncoding`` a text format read the file with, or `none` for formats that
    /// decode their own text (PDF, office files, mail).
    public var encoding: String
    public var format: String
    /// The document's own date (metadata), seconds since 1970; `nil` when it gives none.
    public var date: Double? = nil
    /// Where the pages of a paged body start (`nil` for a document without pages).
    package var pages: PageStarts? = nil
    /// The documents inside the file (an mbox's messages, a mail's attachments), with the
    /// file's stamp, hash, encoding and format: they are written, replaced, moved and removed
    /// with it. Empty for the parts themselves.
    public var parts: [IndexedDocument] = []
}

extension IndexedDocument {
    /// The file's own document and its parts, as the reader extracted them.
    public init(_ file: ReadFile) {
        self.init(file, part: "", file.extracted.document)
        parts = file.extracted.parts.map { IndexedDocument(file, part: $0.part, $0.document) }
    }

    /// One document of `file`. A paged body (laid out in lines: PDF) has its line-end
    /// hyphenations resolved against the French dictionary.
    private init(_ file: ReadFile, part: String, _ document: ExtractedDocument) {
        let body = document.paged ? Hyphenation.rejoin(document.body, isWord: LemmaDictionary.knows) : document.body
        self.init(
            path: file.path, part: part, title: document.title, body: body,
            size: file.stamp.size, mtime: file.stamp.mtime,
            hash: file.hash, encoding: file.extracted.encoding?.rawValue ?? "none", format: file.format,
            date: document.date,
            pages: document.paged ? PageStarts(body: body, labels: document.pageLabels) : nil
        )
    }

    /// The documents of the file that get a row: its parts, after its own document unless
    /// that one is empty and the file has parts. An mbox's own document is empty (its text is
    /// all in its messages): a row for it would be counted in `status` and in BM25's
    /// document count while no search could ever find it. The parts carry the file's stamp
    /// and hash, so the file is still known by its path.
    package var storedDocuments: [IndexedDocument] {
        let ownIsEmpty = title.isEmpty && body.isEmpty
        return (ownIsEmpty && !parts.isEmpty ? [] : [self]) + parts
    }

    /// The text compressed in blocks (``TextCompression``), as a cluster's shard records keep
    /// it; compressed at each use. The index stores its bodies itself (``StoredBody``), short
    /// ones with its dictionary.
    public var storedBody: [UInt8] { TextCompression.compress(body) }

    /// The bytes of text of ``storedDocuments``, for sizing write batches.
    package var textBytes: Int {
        storedDocuments.reduce(0) { $0 + $1.body.utf8.count }
    }
}
