/// The registry of formats: the only list of what Furet reads.
public enum DocumentFormats {
    /// Every format, one a line. A new format's type goes in `Formats/`, and here.
    public static let all: [any DocumentFormat] = [
        PlainTextFormat.text,
        PlainTextFormat.markdown,
        HTMLFormat(),
        PDFFormat(),
        ODTFormat(),
        DOCXFormat(),
        EPUBFormat(),
        RTFFormat(),
        EMLFormat(),
        MBOXFormat(),
    ]

    private static let byExtension: [String: any DocumentFormat] = Dictionary(
        all.flatMap { format in format.extensions.map { ($0, format) } },
        uniquingKeysWith: { first, _ in first }
    )

    private static let byName: [String: any DocumentFormat] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }
    )

    /// The format for a path, from its extension; `nil` when Furet does not index it.
    public static func format(forPath path: String) -> (any DocumentFormat)? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return byExtension[path[path.index(after: dot)...].lowercased()]
    }

    /// The format recorded under `name` (how the helper finds the format it is asked for).
    public static func format(named name: String) -> (any DocumentFormat)? {
        byName[name]
    }
}
