/// How a `documents` row records the encoding a file was read with and the format that read
/// it (since format 14): by the place of their name in a list, a small integer that takes one
/// byte of the row, none for 0 and 1 (SQLite's integer serial types), where the name took 4 to
/// 13 bytes. A million paragraph files spent 9 MB on `utf-8` and `text`.
///
/// The lists only grow, at their end: a code once written keeps its meaning. A name missing
/// from its list is stored as `NULL` (a test checks that every encoding and format Furet has
/// is listed).
enum StoredLabel {
    /// ``TextEncoding`` raw values, and `none` for formats that decode their own text.
    case encoding
    /// ``DocumentFormats`` names.
    case format

    var names: [String] {
        switch self {
        case .encoding: ["none", "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1252"]
        case .format: ["text", "markdown", "html", "rtf", "pdf", "odt", "docx", "epub", "eml", "mbox"]
        }
    }

    /// The code of `name`; `nil` when the list lacks it.
    func code(of name: String) -> Int? {
        names.firstIndex(of: name)
    }
}
