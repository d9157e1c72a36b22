import FuretAnalysis

/// The words of one document's body that a query matched, as FTS5 reports them: each
/// matched word's token position and the query term it stands for.
///
/// Built from the phrase instances ``Ranking`` takes from FTS5, so a snippet never analyses
/// the document again: FTS5 already knows where its phrases matched.
struct BodyMatches {
    /// Matched words ordered by position, one entry per position (the first term wins when
    /// two terms match the same word).
    private(set) var words: [(position: Int, term: Int)] = []

    /// - Parameters:
    ///   - instances: `Int32` triples (phrase, offset, size).
    ///   - phraseTerms: for each phrase of the query, its term (`nil`: an excluded term).
    init(instances values: UnsafeBufferPointer<Int32>, phraseTerms: [Int?]) {
        for triple in stride(from: 0, to: values.count - 2, by: 3) {
            let phrase = Int(values[triple])
            guard phraseTerms.indices.contains(phrase), let term = phraseTerms[phrase] else { continue }
            let offset = Int(values[triple + 1])
            for position in offset..<offset + max(1, Int(values[triple + 2])) {
                words.append((position, term))
            }
        }
        words.sort { $0.position < $1.position }
        var previous = -1
        words.removeAll { word in
            defer { previous = word.position }
            return word.position == previous
        }
    }

    /// The position where the best window of `length` words starts: the window holding the
    /// most distinct terms, then the most matched words, the earliest on ties; only windows
    /// starting before `horizon` are considered when there is one. `nil` without matches.
    func bestWindowStart(length: Int, horizon: Int) -> Int? {
        guard let first = words.first?.position else { return nil }
        var counts: [Int: Int] = [:]
        var distinct = 0
        var end = 0
        var best = (start: first, distinct: 0, total: 0)
        for (index, word) in words.enumerated() {
            guard word.position < horizon || index == 0 else { break }
            while end < words.count, words[end].position < word.position + length {
                counts[words[end].term, default: 0] += 1
                if counts[words[end].term] == 1 { distinct += 1 }
                end += 1
            }
            let total = end - index
            if distinct > best.distinct || (distinct == best.distinct && total > best.total) {
                best = (word.position, distinct, total)
            }
            counts[word.term]! -= 1
            if counts[word.term] == 0 { distinct -= 1 }
        }
        return best.start
    }

    func contains(position: Int) -> Bool {
        var low = 0, high = words.count
        while low < high {
            let middle = (low + high) / 2
            if words[middle].position < position { low = middle + 1 } else { high = middle }
        }
        return low < words.count && words[low].position == position
    }
}

/// Builds a snippet: about ``wordCount`` words of a document around its best cluster of
/// matched words (see ``BodyMatches/bestWindowStart(length:horizon:)``), on one line, with the
/// matched words' ranges in Unicode scalars.
///
/// Furet builds snippets itself rather than with FTS5's `snippet()`, which tokenizes the
/// whole document again and scores candidate windows against every phrase instance: with a
/// query's OR groups of forms and frequent words that cost milliseconds per hit. Here the
/// window is chosen from FTS5's instance positions alone, and the text is only split into
/// words (no stemming) up to the window's end.
enum SnippetBuilder {
    static let wordCount = 30
    /// Words shown before the window's first match, for context.
    static let leadingWords = 3
    /// Windows are looked for among the matches of roughly the first 256 KiB of text, so the
    /// snippet of a huge file costs little; a document matched only further on shows its
    /// first match.
    static let horizon = 40_000

    /// The snippet of a document's body, given as UTF-8 (invalid bytes are replaced).
    static func snippet(of utf8: [UInt8], matches: BodyMatches) -> (text: String, highlights: [HighlightRange]) {
        let matchStart = matches.bestWindowStart(length: Self.wordCount, horizon: Self.horizon) ?? 0
        let wanted = max(0, matchStart - Self.leadingWords)
        // Keep a window's worth of words before the wanted start, in case the text ends first.
        let firstKept = max(0, wanted - Self.wordCount)
        var ranges: [Range<Int>] = []
        var position = 0
        var hasMore = false
        utf8.withUnsafeBufferPointer { buffer in
            FrenchAnalyzer.forEachWord(in: buffer) { range in
                defer { position += 1 }
                if position >= wanted + Self.wordCount {
                    hasMore = true
                    return false
                }
                if position >= firstKept { ranges.append(range) }
                return true
            }
        }
        guard !ranges.isEmpty else { return ("", []) }
        let first = max(0, min(wanted, position - Self.wordCount)) - firstKept
        let shown = ranges[first...].prefix(Self.wordCount)
        var builder = Builder()
        if first + firstKept > 0 { builder.append("… ", highlighted: false) }
        var previousEnd: Int?
        for (offset, range) in zip(first..., shown) {
            if let previousEnd { builder.appendSeparator(utf8[previousEnd..<range.lowerBound]) }
            builder.append(String(decoding: utf8[range], as: UTF8.self),
                           highlighted: matches.contains(position: firstKept + offset))
            previousEnd = range.upperBound
        }
        if hasMore { builder.append(" …", highlighted: false) }
        return (builder.text, builder.highlights)
    }

    /// Accumulates the snippet text and highlight ranges, counting Unicode scalars.
    private struct Builder {
        var text = ""
        var highlights: [HighlightRange] = []
        private var length = 0

        mutating func append(_ piece: String, highlighted: Bool) {
            let count = piece.unicodeScalars.count
            if highlighted {
                if let last = highlights.last, last.end == length {
                    highlights[highlights.count - 1].end = length + count
                } else {
                    highlights.append(HighlightRange(start: length, end: length + count))
                }
            }
            text += piece
            length += count
        }

        /// Text between two words, with runs of white space (line breaks too) as one space.
        mutating func appendSeparator(_ bytes: ArraySlice<UInt8>) {
            var piece = ""
            var lastWasSpace = false
            for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
                if scalar.properties.isWhitespace {
                    if !lastWasSpace { piece.unicodeScalars.append(" ") }
                    lastWasSpace = true
                } else {
                    piece.unicodeScalars.append(scalar)
                    lastWasSpace = false
                }
            }
            if piece.isEmpty { piece = " " }
            append(piece, highlighted: false)
        }
    }
}
