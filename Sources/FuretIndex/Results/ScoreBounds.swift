/// What each of a query's frequent phrases can add to the score of a row, block of rows by
/// block of rows: block-max scoring (Ding and Suel, 2011) at the level of FTS5 rowid ranges.
///
/// A phrase's BM25 term is IDF × weight × saturation, the saturation f (k1 + 1) / (f + norm)
/// growing with the row's frequency f and shrinking with its length. ``ScoringPlan`` bounds it
/// by its limit, IDF × weight × (k1 + 1), whatever the row: enough to leave out a frequent
/// lemma beside a rare form, never a frequent word alone (`dit`, 267,000 of 1,000,000
/// paragraphs, all scored). Within a block of 1,024 rows, its largest saturation is mostly far
/// below the limit, and the page's worst score above what most blocks' rows can sum to: only
/// the blocks whose bound reaches it are read (FTS5 seeks to a rowid range through its
/// doclist index), the others are counted.
///
/// The bytes are those ``StoredScoreBounds`` keeps: the saturation's largest share of k1 + 1
/// in each block, in 255ths rounded up, computed with ``averageLength`` (a longer average
/// gives a larger saturation: they bound rows while the index's average stays below it).
/// A block written since has no bound (``unbounded``), nor has a block past the bytes unless
/// no row there holds the phrase.
struct ScoreBounds {
    /// Rows per block: 2^shift.
    var shift: Int
    var averageLength: Double
    /// By phrase number: each block's byte.
    var maxima: [Int: [UInt8]]
    var unbounded: Set<Int>

    /// The blocks that may hold a row of these phrases: every one up to the last with a byte
    /// or unbounded.
    var blockCount: Int {
        max(maxima.values.map(\.count).max() ?? 0, (unbounded.max() ?? -1) + 1)
    }

    /// The rowids of `block`.
    func rows(of block: Int) -> ClosedRange<Int64> {
        Int64(block) << shift...(Int64(block + 1) << shift) - 1
    }

    /// The most a row of `block` can score from `phrases`, whose limits (IDF × weight ×
    /// (k1 + 1)) `limit` gives: infinity for a block written since the bounds.
    func bound(ofBlock block: Int, phrases: [Int], limit: (Int) -> Double) -> Double {
        if unbounded.contains(block) { return .infinity }
        var bound = 0.0
        for phrase in phrases {
            guard let bytes = maxima[phrase], block < bytes.count, bytes[block] > 0 else { continue }
            bound += limit(phrase) * Double(bytes[block]) / 255
        }
        return bound
    }
}
