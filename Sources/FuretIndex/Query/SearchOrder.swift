/// The order of a search's hits.
public enum SearchOrder: String, Sendable, CaseIterable {
    /// Best score first.
    case relevance
    /// Oldest document first, by its date: from its metadata, else the file's modification time.
    case date
    /// Newest document first.
    case newestFirst = "-date"

    /// How the ranking orders rows by their date: 0 not at all, 1 ascending, -1 descending.
    var direction: Int32 {
        switch self {
        case .relevance: 0
        case .date: 1
        case .newestFirst: -1
        }
    }
}
