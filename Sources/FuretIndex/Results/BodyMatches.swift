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
    ///   - trailingWords: for each phrase, the words it matches after its last token
    ///     (``CompiledQuery/Phrase/trailingWords``).
    init(instances values: UnsafeBufferPointer<Int32>, phraseTerms: [Int?], trailingWords: [Int]) {
        for triple in stride(from: 0, to: values.count - 2, by: 3) {
            let phrase = Int(values[triple])
            guard phraseTerms.indices.contains(phrase), let term = phraseTerms[phrase] else { continue }
            let offset = Int(values[triple + 1])
            let size = max(1, Int(values[triple + 2])) + (trailingWords.indices.contains(phrase) ? trailingWords[phrase] : 0)
            for position in offset..<offset + size {
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
