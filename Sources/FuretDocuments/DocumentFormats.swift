/// The registry of formats: the only list of what Furet reads.
public enum DocumentFormats {
    /// A registered format: read in this process by its code, or in the helper.
    public enum Entry: Sendable {
        case inProcess(any DocumentFormat)
        case isolated(IsolatedFormat)

        public var name: String {
            switch self {
            case .inProcess(let format): format.name
            case .isolated(let format): format.name
            }
        }

        public var extensions: Set<String> {
            switch self {
            case .inProcess(let format): format.extensions
            case .isolated(let format): format.extensions
            }
        }

        /// Whether it runs in the `furet-extract` helper rather than in the daemon.
        public var runsIsolated: Bool {
            if case .isolated = self { true } else { false }
        }

        /// See ``DocumentFormat/keepsLines``; the isolated formats keep none.
        public var keepsLines: Bool {
            if case .inProcess(let format) = self { format.keepsLines } else { false }
        }
    }

    /// The formats read in this process, one a line. A new format's type goes in `Formats/`,
    /// and here; one built on a C parser goes in `FuretIsolatedFormats`, and in ``isolated``.
    public static let inProcess: [any DocumentFormat] = [
        PlainTextFormat.text,
        PlainTextFormat.markdown,
        HTMLFormat(),
        RTFFormat(),
    ]

    /// The formats read only in `furet-extract`, one a line (see ``IsolatedFormat``).
    public static let isolated: [IsolatedFormat] = [.pdf, .odt, .docx, .epub, .eml, .mbox]

    /// Every format.
    public static let all: [Entry] = inProcess.map(Entry.inProcess) + isolated.map(Entry.isolated)

    private static let byExtension: [String: Entry] = Dictionary(
        all.flatMap { format in format.extensions.map { ($0, format) } },
        uniquingKeysWith: { first, _ in first }
    )

    private static let byName: [String: Entry] = Dictionary(
        all.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }
    )

    /// The format for a path, from its extension; `nil` when Furet does not index it.
    public static func format(forPath path: String) -> Entry? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return byExtension[path[path.index(after: dot)...].lowercased()]
    }

    /// The format recorded under `name`.
    public static func format(named name: String) -> Entry? {
        byName[name]
    }
}
