/// A page of ranked results and how many documents match in all (FuretProtocol's `SearchResult`
/// is its form on the wire).
public struct RankedResults: Sendable, Equatable {
    /// How many documents match, or at least match when ``totalIsLowerBound``.
    public var total: Int
    /// Whether more than ``total`` documents match: the count stopped at
    /// ``SearchIndex/exactTotalLimit``.
    public var totalIsLowerBound = false
    public var hits: [RankedHit]
    /// The query with its mistyped words corrected, when the query as typed finds nothing or
    /// has a word no document has, and the corrected words find documents.
    public var suggestion: String?
    /// Whether the hits are those of ``suggestion`` (the query as typed found nothing).
    public var isCorrected = false
    /// The shards of a cluster that could not be reached (`HOST:PORT`): the hits are the
    /// other shards' only. Always empty on one machine.
    public var missingShards: [String] = []

    package init(total: Int, hits: [RankedHit], suggestion: String? = nil, isCorrected: Bool = false) {
        self.total = total
        self.hits = hits
        self.suggestion = suggestion
        self.isCorrected = isCorrected
    }
}
