/// What one query may ask of the index, and which queries count as costly.
///
/// A query's cost grows with its words (each becomes several FTS5 phrases, each scanned and
/// counted for BM25), with prefixes (each expands to every indexed term it starts) and with
/// its text (parsed and analysed in memory). Past these limits a query is refused before any
/// work, with a ``QueryCostError`` naming the limit; under them the ``SearchDeadline`` still
/// bounds its time.
public enum QueryCost {
    /// Query text at most, in UTF-8 bytes.
    public static let maximumBytes = 16 * 1024
    /// Words at most, after duplicates are collapsed; each word of a phrase counts.
    public static let maximumWords = 64
    /// Prefix terms (`word*`) at most.
    public static let maximumPrefixes = 4
    /// Letters a prefix needs at least: FTS5 merges the postings of every term a prefix
    /// starts in one step no deadline can interrupt, and `d*` (most of the vocabulary) took
    /// 0.6 s alone on eltec-fr, over 1.5 s under load.
    public static let minimumPrefixLetters = 2
    /// FTS5 phrases at most once the words are expanded to their forms (``QueryCompiler``).
    public static let maximumPhrases = 512

    /// Queries with more words than this are costly: they search in their own lane
    /// (``SearchLanes``) so that simple queries never wait behind them.
    static let costlyWords = 8
    /// Prefixes shorter than this (in characters) are costly: they expand to thousands of terms.
    static let costlyPrefixLength = 3

    /// Refuses a query over the limits on words and prefixes.
    static func check(_ query: UserQuery) throws(QueryCostError) {
        let words = query.wordCount
        if words > maximumWords { throw .tooManyWords(words, maximum: maximumWords) }
        let prefixes = query.prefixes
        if prefixes.count > maximumPrefixes { throw .tooManyPrefixes(prefixes.count, maximum: maximumPrefixes) }
        if prefixes.contains(where: { $0.filter(\.isLetter).count < minimumPrefixLetters }) {
            throw .prefixTooShort(minimum: minimumPrefixLetters)
        }
    }

    /// Whether `query` searches in the costly lane.
    static func isCostly(_ query: UserQuery) -> Bool {
        query.wordCount > costlyWords || query.prefixes.contains { $0.count < costlyPrefixLength }
    }
}

extension UserQuery {
    /// The words of every term, split at spaces (as the analyzer would at least).
    var wordCount: Int {
        allTerms.reduce(0) { total, term in
            switch term {
            case .words(let parts), .near(let parts, _): total + parts.reduce(0) { $0 + $1.split(whereSeparator: \.isWhitespace).count }
            case .prefix(let text): total + text.split(whereSeparator: \.isWhitespace).count
            case .group: total
            }
        }
    }

    /// The text of every prefix term.
    var prefixes: [String] {
        allTerms.compactMap { term in
            if case .prefix(let text) = term { text } else { nil }
        }
    }
}
