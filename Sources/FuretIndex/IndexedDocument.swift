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
    public var encoding: TextEncoding
    public var format: String
}

/// What the index knows of a file: enough to tell whether it changed on disk.
public struct FileStamp: Sendable, Equatable {
    public var size: Int
    public var mtime: Double
}

/// One change to apply to the index.
public enum IndexChange: Sendable {
    /// Insert or replace the document at its path.
    case upsert(IndexedDocument)
    /// The file's content is unchanged (same hash) but its stamp moved: record the new stamp.
    case touch(path: String, FileStamp)
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
        case .touch(let path, _), .remove(let path): path
        case .move(let from, _): from
        }
    }
}
