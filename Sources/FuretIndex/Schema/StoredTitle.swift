import Foundation
import GRDB

/// A document's title as its row stores it: the title itself, or (since format 10) only its
/// length in bytes when the body starts with it.
///
/// A text file's title is its first line when short (`PlainTextFormat.leadingTitle(of:)`), so
/// its body starts with it: stored plain in `documents` as well, it would be stored twice. A
/// title that starts the body is read back from the body's first block, which a hit's snippet
/// reads anyway.
enum StoredTitle {
    /// The length to store instead of `title`: its bytes when the body starts with them
    /// (a whole number of characters, since `title` is text), else `nil`.
    static func prefixLength(of title: String, in body: String) -> Int? {
        let length = title.utf8.count
        guard length > 0, body.utf8.count >= length, body.utf8.starts(with: title.utf8) else { return nil }
        return length
    }

    /// The title of a row storing `title` and `prefixLength` (see ``prefixLength(of:in:)``),
    /// reading the body when needed; `nil` when the body is corrupt or shorter.
    static func title(_ title: String, prefixLength: Int?, body: () -> StoredText?) -> String? {
        guard let prefixLength else { return title }
        guard let body = body(), prefixLength <= body.length, body.load(from: 0, toAtLeast: prefixLength) else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: body.text[..<prefixLength]), as: UTF8.self)
    }

    /// `furet_title(title, title_bytes, body)`: the title of a `documents` row, for FTS5's
    /// external content view and the removal of a document's terms. A corrupt body is an error.
    static let function = DatabaseFunction("furet_title", argumentCount: 3, pure: true) { values in
        let title = String.fromDatabaseValue(values[0]) ?? ""
        let length = Int.fromDatabaseValue(values[1])
        guard case .blob(let data) = values[2].storage else { throw DatabaseError(message: "furet_title expects a blob") }
        let text = data.withUnsafeBytes { bytes in
            Self.title(title, prefixLength: length, body: { StoredText(stored: InMemoryBytes(bytes: bytes)) })
        }
        guard let text else {
            throw DatabaseError(message: "furet_title: corrupt document body")
        }
        return text
    }
}
