import FuretDocuments

/// One change to apply to the index.
public enum IndexChange: Sendable {
    /// Insert or replace the file's documents (its own and its parts): the file's documents
    /// that are no longer among them are removed.
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
