import FuretDocuments

/// The code of the formats that run isolated (``DocumentFormats/isolated``), for
/// `furet-extract`, and for tests and benchmarks that read them in their own process (as an
/// ``IsolatedFormatReader``).
public struct IsolatedFormats: IsolatedFormatReader {
    /// One for each of ``DocumentFormats/isolated``.
    static let all: [any IsolatedDocumentFormat] = [
        PDFFormat(),
        ODTFormat(),
        DOCXFormat(),
        EPUBFormat(),
        EMLFormat(),
        MBOXFormat(),
    ]

    private static let byName: [String: any DocumentFormat] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }
    )

    public init() {}

    public var helperCount: Int { 1 }

    /// The code of the format registered under `name`, isolated or not (the helper reads
    /// what it is asked for).
    public static func format(named name: String) -> (any DocumentFormat)? {
        switch DocumentFormats.format(named: name) {
        case .inProcess(let format): format
        case .isolated(let format): byName[format.name]
        case nil: nil
        }
    }

    /// The code of the format for a path (a mail's attachment), isolated or not.
    static func format(forPath path: String) -> (any DocumentFormat)? {
        DocumentFormats.format(forPath: path).flatMap { format(named: $0.name) }
    }

    public func extract(format name: String, bytes: [UInt8]) throws(FileSkipReason) -> ExtractedFile {
        guard let format = Self.format(named: name) else { throw .unsupportedFormat }
        do {
            return try format.extract(bytes)
        } catch {
            throw .extraction(error)
        }
    }
}
