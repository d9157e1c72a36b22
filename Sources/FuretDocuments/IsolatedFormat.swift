/// A format read only in the `furet-extract` helper, as the daemon knows it: a name and
/// extensions, no code.
///
/// Its parser is a C library (poppler, libzip, GMime) whose crash or endless loop must not
/// take the daemon down; its code is in `FuretIsolatedFormats`, linked into the helper only,
/// so that those libraries are not loaded into the daemon either (about 10 MB of its memory).
/// Its name and extensions are declared here once, and that code takes them from here.
public struct IsolatedFormat: Sendable, Hashable {
    /// The name sent to the helper and recorded in the index.
    public let name: String
    /// Lowercase extensions, without the dot.
    public let extensions: Set<String>

    /// PDF, through poppler-glib.
    public static let pdf = IsolatedFormat(name: "pdf", extensions: ["pdf"])
    /// OpenDocument text, through libzip and libxml2.
    public static let odt = IsolatedFormat(name: "odt", extensions: ["odt"])
    /// Office Open XML text (Word), through libzip and libxml2.
    public static let docx = IsolatedFormat(name: "docx", extensions: ["docx"])
    /// EPUB, through libzip and libxml2.
    public static let epub = IsolatedFormat(name: "epub", extensions: ["epub"])
    /// A mail message, through GMime.
    public static let eml = IsolatedFormat(name: "eml", extensions: ["eml"])
    /// A mailbox, through GMime.
    public static let mbox = IsolatedFormat(name: "mbox", extensions: ["mbox"])
}
