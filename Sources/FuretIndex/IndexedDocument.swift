import FuretDocuments
import FuretLemmas

/// A file read and ready to be written to the index.
public struct IndexedDocument: Sendable {
    public var path: String
    public var title: String
    /// The text, as extracted.
    public var body: String
    /// The text as stored (see ``TextCompression``).
    public var storedBody: [UInt8]
    public var size: Int
    /// Modification time, seconds since 1970.
    public var mtime: Double
    public var hash: String
    /// The ``TextEncoding`` a text format read the file with, or `none` for formats that
    /// decode their own text (PDF, office files, mail).
    public var encoding: String
    public var format: String
    /// The document's own date (metadata), seconds since 1970; `nil` when it gives none.
    public var date: Double? = nil
    /// Where the pages of a paged body start (`nil` for a document without pages).
    var pages: PageStarts? = nil
}

extension IndexedDocument {
    /// The file's own document, as the reader extracted it. A paged body (laid out in lines:
    /// PDF) has its line-end hyphenations resolved against the French dictionary.
    public init(_ file: ReadFile) {
        let document = file.extracted.document
        let body = document.paged ? Hyphenation.rejoin(document.body, isWord: LemmaDictionary.knows) : document.body
        self.init(
            path: file.path, title: document.title, body: body,
            storedBody: TextCompression.compress(body), size: file.stamp.size, mtime: file.stamp.mtime,
            hash: file.hash, encoding: file.extracted.encoding?.rawValue ?? "none", format: file.format,
            date: document.date,
            pages: document.paged ? PageStarts(body: body, labels: document.pageLabels) : nil
        )
    }
}

/// One change to apply to the index.
public enum IndexChange: Sendable {
    /// Insert or replace the document at its path.
    case upsert(IndexedDocument)
    /// The file's content is unchanged (same hash) but its stamp moved: record the new stamp.
    case touch(path: String, FileStamp)
    /// A file that could not be read, and why (``FileSkipReason/kind``): recorded with its
    /// stamp so that it is not read again until it changes, and dropped from the documents.
    case skip(path: String, FileStamp, reason: String)
    /// Remove a file, or everything under a directory.
    case remove(path: String)
    /// A file or directory was renamed: update paths without re-reading.
    case move(from: String, to: String)
}

extension IndexChange {
    /// The path the change is about (the old one for a move), for logs.
    var path: String {
        switch self {
        case .upsert(let document): document.path
        case .touch(let path, _), .skip(let path, _, _), .remove(let path): path
        case .move(let from, _): from
        }
    }
}
