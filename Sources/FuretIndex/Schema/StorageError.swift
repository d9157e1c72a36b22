import GRDB

/// Storage failures a client should hear about by name rather than as internal errors.
public enum StorageError: Error, CustomStringConvertible, Sendable {
    /// The disk (or the database's size limit) is full: nothing was written.
    case full
    /// Another process holds the database locked for longer than the busy timeout.
    case busy
    /// The index file is damaged (`SQLITE_CORRUPT`, FTS5's included) or is not a database
    /// (`SQLITE_NOTADB`).
    case corrupt

    /// Recognises SQLite's `SQLITE_FULL`, `SQLITE_BUSY`, `SQLITE_LOCKED`, `SQLITE_CORRUPT`
    /// and `SQLITE_NOTADB` in `error`.
    public init?(_ error: any Error) {
        guard let error = error as? DatabaseError else { return nil }
        switch error.resultCode {
        case .SQLITE_FULL: self = .full
        case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: self = .corrupt
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .full: "the disk holding the index is full; nothing was written"
        case .busy: "the index is busy; try again"
        case .corrupt: "the index is damaged; furetd rebuilds it from the roots at its next start (see status)"
        }
    }
}
