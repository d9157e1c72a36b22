/// Recall@10 and MRR@10 (mean reciprocal rank, 0 when not in the top 10) over some queries.
struct KnownItemScore: Encodable {
    private(set) var queries = 0
    private(set) var found = 0
    private var reciprocalRankSum = 0.0

    var recall: Double { queries == 0 ? 0 : Double(found) / Double(queries) }
    var meanReciprocalRank: Double { queries == 0 ? 0 : reciprocalRankSum / Double(queries) }

    /// Counts one query whose target came at `rank` (1-based), or was missed (`nil`).
    mutating func add(rank: Int?) {
        queries += 1
        if let rank {
            found += 1
            reciprocalRankSum += 1 / Double(rank)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case queries, found
        case recallAt10 = "recall_at_10"
        case mrrAt10 = "mrr_at_10"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(queries, forKey: .queries)
        try container.encode(found, forKey: .found)
        try container.encode(recall, forKey: .recallAt10)
        try container.encode(meanReciprocalRank, forKey: .mrrAt10)
    }
}

/// Scores per variant kind and overall.
struct KindScores: Encodable {
    private(set) var kinds: [String: KnownItemScore] = [:]
    private(set) var overall = KnownItemScore()

    mutating func add(kind: String, rank: Int?) {
        kinds[kind, default: KnownItemScore()].add(rank: rank)
        overall.add(rank: rank)
    }
}
