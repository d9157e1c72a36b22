/// Why a format could not get text out of a file's bytes.
///
/// A closed set: `status` counts skipped files by ``kind``, and the helper process sends
/// failures back over its pipe (hence `Codable`). Details name the problem, never the
/// document's text.
public enum ExtractionFailure: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// A text format met NUL bytes (and no UTF-16 byte-order mark).
    case binary
    /// The file is encrypted or password-protected.
    case encrypted
    /// The file is malformed or cut short (a PDF still being written, a broken zip).
    case damaged(String)
    /// The document has no text to read (a scanned PDF without OCR).
    case noTextLayer
    /// A declared or expanded size over a limit (a zip bomb's member, a huge attachment).
    case tooLarge(String)
    /// A variant of the format that Furet does not read (a `.doc` named `.docx`).
    case unsupported(String)

    /// A stable, short name of the reason, as `status` reports it.
    public var kind: String {
        switch self {
        case .binary: "binary"
        case .encrypted: "encrypted"
        case .damaged: "damaged"
        case .noTextLayer: "no_text_layer"
        case .tooLarge: "too_large"
        case .unsupported: "unsupported"
        }
    }

    public var description: String {
        switch self {
        case .binary: "binary content (NUL bytes)"
        case .encrypted: "encrypted"
        case .damaged(let detail): "damaged (\(detail))"
        case .noTextLayer: "no text layer (scanned?)"
        case .tooLarge(let detail): "too large (\(detail))"
        case .unsupported(let detail): "unsupported variant (\(detail))"
        }
    }
}
