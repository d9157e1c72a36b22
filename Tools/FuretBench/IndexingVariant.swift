/// One way of indexing a corpus in `furet-bench tokenizer`.
enum IndexingVariant: String, CaseIterable, Codable, CodingKeyRepresentable {
    case rawFTS5 = "raw-fts5"
    case furetReconcile = "furet-reconcile"
    case furetApply = "furet-apply"
    case furetAnalysis = "furet-analysis"

    var label: String {
        switch self {
        case .rawFTS5: "A. raw FTS5, unicode61 remove_diacritics 2 (text in memory)"
        case .furetReconcile: "B. Furet, Indexer.reconcile (scans, reads, decodes, hashes files)"
        case .furetApply: "C. Furet, SearchIndex.apply (documents read beforehand)"
        case .furetAnalysis: "D. Furet's analysis alone: FrenchAnalyzer on one thread, no SQLite"
        }
    }

    /// Whether the variant writes a database (D only analyses).
    var writesIndex: Bool { self != .furetAnalysis }
}
