import Foundation

/// One line of a known-item query set (`../shared/eval/known_item_public.tsv`): a query and
/// the one document it should find.
///
/// The file is tab-separated with a header line and the columns `query`, `target_path`
/// (relative to the corpus root), `variant_kind` and `corpus`.
struct KnownItemQuery: Encodable {
    var query: String
    var target: String
    var kind: String
    var corpus: String

    /// The variant kinds of the query sets, in report order (see `../shared/eval/README.md`).
    static let standardKinds = [
        "orig", "lower", "noaccent", "inflect", "inflect_noaccent", "elision",
        "typo_delete", "typo_transpose", "typo_neighbour", "typo_double", "typo_accent", "typo_phonetic",
    ]

    /// Every query of the TSV file at `path`.
    ///
    /// - Throws: ``BenchError/badInput(path:reason:)`` when the file cannot be read or a
    ///   line does not have four columns.
    static func load(_ path: String) throws -> [KnownItemQuery] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BenchError.badInput(path: path, reason: "cannot read the query file")
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        return try lines.dropFirst().enumerated().map { number, line in
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == 4, !columns.contains(where: \.isEmpty) else {
                throw BenchError.badInput(path: path, reason: "line \(number + 2) does not have 4 columns")
            }
            return KnownItemQuery(query: columns[0], target: columns[1], kind: columns[2], corpus: columns[3])
        }
    }

    /// Whether a hit's absolute path is this query's target.
    func isTarget(_ path: String) -> Bool {
        path.hasSuffix("/\(corpus)/\(target)")
    }
}
