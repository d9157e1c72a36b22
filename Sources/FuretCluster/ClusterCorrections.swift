import Foundation
import FuretAnalysis
import FuretIndex

/// The FTS5 engine's typo correction, for the router: when a query's page is not full as
/// typed, each of its words that no document has (or, when it finds nothing, each word) also
/// searches the words of the documents one or two edits away (``TypoCorrector``'s rules), and
/// the documents these find follow the exact hits.
///
/// The FTS5 engine weighs a correction as if one document in ``SearchIndex/correctionShare``
/// had it: a rare wrong guess must not outrank the right word because it is rare. Xapian's
/// BM25 takes a term's IDF from its own frequency, so each correction token carries the
/// scale that turns Xapian's IDF into that one (`OP_SCALE_WEIGHT` multiplies the whole
/// weight, and BM25's weight is the IDF times a factor of the document alone).
///
/// Not thread-safe: the router calls it under its lock.
struct ClusterCorrections {
    /// A token a corrected word also searches, and the factor of its weight.
    struct Token: Hashable, Sendable {
        var token: String
        var scale: Double
    }

    /// The folded words of the documents written through this router.
    let words: FuzzyVocabulary
    let accents: AccentVocabulary
    /// An analyzer of queries: it must record no word in ``words``.
    let analyzer: FrenchAnalyzer

    /// The tokens each corrected word of `query` also searches, by folded word; `nil` when
    /// no word has a correction. `exactTotal` is how many documents the query finds as typed.
    func corrections(
        of query: UserQuery, typed text: String, exactTotal: Int, on reader: XapianReader
    ) throws -> [String: [Token]]? {
        words.sortInRecorded()
        let corrector = TypoCorrector(words: words, accents: accents, analyzer: analyzer) { tokens in
            var counts: [String: Int64] = [:]
            for token in tokens {
                let count = try reader.termFrequency(of: token)
                if count > 0 { counts[token] = Int64(count) }
            }
            return counts
        }
        guard let correction = try corrector.correct(query, typed: text, exactTotal: exactTotal) else { return nil }
        let documents = try reader.documentCount
        let wanted = Self.fts5IDF(documents: documents, holding: documents / SearchIndex.correctionShare)
        return try correction.tokens.mapValues { tokens in
            try tokens.map { token in
                let frequency = try reader.termFrequency(of: token)
                return Token(token: token, scale: frequency > 0 ? wanted / Self.xapianIDF(documents: documents, holding: frequency) : 1)
            }
        }
    }

    /// The IDF of Furet's FTS5 ranking (`Ranking.c`): Robertson–Spärck Jones, at least 1e-6.
    static func fts5IDF(documents: Int, holding count: Int) -> Double {
        let idf = log((0.5 + Double(documents - count)) / (0.5 + Double(count)))
        return idf > 0 ? idf : 1e-6
    }

    /// The IDF of Xapian 1.4's `BM25Weight` without relevance feedback: the same ratio,
    /// raised to `ratio / 2 + 1` below 2 so that it stays positive.
    static func xapianIDF(documents: Int, holding count: Int) -> Double {
        let ratio = (Double(documents - count) + 0.5) / (Double(count) + 0.5)
        return log(ratio < 2 ? ratio * 0.5 + 1 : ratio)
    }
}
