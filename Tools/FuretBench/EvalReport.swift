import Foundation
import FuretIndex

/// The result of `furet-bench eval`: scores per corpus and combined, as Markdown or JSON.
struct EvalReport: Encodable {
    let date: String
    let queriesFile: String
    let corpora: [CorpusEvaluation]
    /// Every corpus together.
    let all: KindScores

    init(queriesFile: String, corpora: [CorpusEvaluation]) {
        date = Date.now.formatted(.iso8601)
        self.queriesFile = queriesFile
        self.corpora = corpora
        all = corpora.flatMap(\.outcomes).reduce(into: KindScores()) { $0.add(kind: $1.query.kind, rank: $1.rank) }
    }

    /// The report as pretty-printed JSON with snake-case keys, every query's outcome included
    /// (so that two runs can be compared query by query).
    func write(toJSON path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    /// The scores table, the indexes used, the rejected queries, and up to `failuresPerKind`
    /// missed queries per corpus and kind.
    func markdown(failuresPerKind: Int) -> String {
        let outcomes = corpora.flatMap(\.outcomes)
        let kinds = KnownItemQuery.standardKinds.filter { all.kinds[$0] != nil }
            + outcomes.map(\.query.kind).uniqued().filter { !KnownItemQuery.standardKinds.contains($0) }
        var groups = corpora.map { ($0.name, $0.scores) }
        if corpora.count > 1 { groups.append(("all", all)) }

        var table = MarkdownTable(header: ["kind"] + groups.flatMap { name, _ in
            ["\(name) queries", "\(name) R@10", "\(name) MRR@10"]
        })
        func cells(_ score: KnownItemScore?) -> [String] {
            guard let score else { return ["0", "–", "–"] }
            return [Format.count(score.queries), Format.fixed(score.recall, 3), Format.fixed(score.meanReciprocalRank, 3)]
        }
        for kind in kinds {
            table.append([kind] + groups.flatMap { cells($1.kinds[kind]) })
        }
        table.append(["**overall**"] + groups.flatMap { cells($1.overall) })

        var lines = [
            "## Known-item search quality", "",
            "`\(queriesFile)`, \(Format.count(outcomes.count)) queries; every word required (AND); "
                + "the target's rank among the first 10 hits.", "",
            table.rendered, "",
        ]
        for corpus in corpora {
            let built = corpus.isNewIndex ? "built in" : "reused, built earlier in"
            lines.append("- \(corpus.name): \(Format.count(corpus.index.documents)) documents, "
                + "\(Format.megabytes(corpus.index.indexBytes)) index (\(built) \(Format.fixed(corpus.index.buildSeconds, 1)) s); "
                + "\(Format.count(corpus.outcomes.count)) queries in \(Format.fixed(corpus.querySeconds, 1)) s")
        }
        let rejected = outcomes.filter { $0.error != nil }
        if !rejected.isEmpty {
            lines += ["", "### Rejected queries (counted as misses)", ""]
            lines += rejected.map { "- \($0.query.corpus) \($0.query.kind) `\($0.query.query)`: \($0.error ?? "")" }
        }
        if failuresPerKind > 0 {
            lines += missedQueries(kinds: kinds, limit: failuresPerKind)
        }
        return lines.joined(separator: "\n")
    }

    /// Markdown lists of missed (not rejected) queries: up to `limit` per corpus and kind.
    private func missedQueries(kinds: [String], limit: Int) -> [String] {
        var lines = ["", "### Missed queries (at most \(limit) per corpus and kind)"]
        for corpus in corpora {
            for kind in kinds {
                let missed = corpus.outcomes.filter { $0.query.kind == kind && $0.rank == nil && $0.error == nil }
                guard !missed.isEmpty else { continue }
                lines += ["", "#### \(corpus.name), \(kind): \(missed.count) missed", ""]
                lines += missed.prefix(limit).map { "- `\($0.query.query)` → `\($0.query.target)`: \(Self.diagnosis($0))" }
            }
        }
        return lines
    }

    /// Where a missed query's target went: ranked lower, or not matched at all.
    private static func diagnosis(_ outcome: QueryOutcome) -> String {
        guard let firstHit = outcome.firstHit else { return "no match" }
        let matches = "\(Format.count(outcome.matches)) matches, first `\(firstHit)`"
        if let rank = outcome.deepRank {
            return "target ranked \(rank); \(matches)"
        } else if outcome.matches <= SearchIndex.maximumLimit {
            return "target not matched; \(matches)"
        } else {
            return "target not in the first \(Format.count(SearchIndex.maximumLimit)) hits; \(matches)"
        }
    }
}
