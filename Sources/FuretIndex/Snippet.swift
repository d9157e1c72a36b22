import FuretAnalysis

/// The index tokens a query matches, for marking words in snippets, each with the query
/// word it stands for: tokens, plus prefixes for `word*` terms. Excluded terms are not marked.
///
/// Checked for every word analysed for a snippet, so short tokens (nearly all) are kept
/// packed in two integers, and a query's few tokens are simply scanned.
struct HighlightTerms: Sendable {
    private var packed: [(token: PackedToken, word: Int)] = []
    private var long: [(token: String, word: Int)] = []
    private var prefixes: [(prefix: String, word: Int)] = []
    /// How many query words there are.
    private(set) var wordCount = 0

    /// Adds a query word: the tokens it matches, and prefixes of tokens it matches.
    mutating func addWord(tokens: some Sequence<String>, prefixes wordPrefixes: [String] = []) {
        for token in tokens {
            if let key = Array(token.utf8).withUnsafeBufferPointer(PackedToken.init) {
                packed.append((key, wordCount))
            } else {
                long.append((token, wordCount))
            }
        }
        prefixes += wordPrefixes.map { ($0, wordCount) }
        wordCount += 1
    }

    /// The query word a token matches, if any.
    func word(matching token: UnsafeBufferPointer<UInt8>) -> Int? {
        if let key = PackedToken(token) {
            if let found = packed.first(where: { $0.token == key }) { return found.word }
        } else if !long.isEmpty {
            let text = String(decoding: token, as: UTF8.self)
            if let found = long.first(where: { $0.token == text }) { return found.word }
        }
        guard !prefixes.isEmpty else { return nil }
        let text = String(decoding: token, as: UTF8.self)
        return prefixes.first { text.hasPrefix($0.prefix) }?.word
    }
}

/// Builds a snippet: about ``wordCount`` words of a document around its best cluster of
/// matched words — the window holding the most distinct query words, then the most matches —
/// on one line, with the matched words' ranges in Unicode scalars.
///
/// Furet builds snippets itself rather than with FTS5's `snippet()`: that function scores
/// candidate windows against every phrase instance, which with a query's OR groups of forms
/// and frequent words cost milliseconds per hit. Here a document is analysed once, and only
/// until a whole window holds every query word (no later window can beat it).
struct SnippetBuilder {
    static let wordCount = 30
    /// How far into a document the best window is looked for: a snippet of a 10 MB file must
    /// not cost a second. Past it, the best window found so far is shown.
    static let maximumScanBytes = 256 << 10

    let analyzer: FrenchAnalyzer
    let highlight: HighlightTerms

    func snippet(of text: String) -> (text: String, highlights: [HighlightRange]) {
        var utf8 = Array(text.utf8)
        var words = MatchedWords(queryWords: highlight.wordCount)
        utf8.withUnsafeMutableBufferPointer { buffer in
            let scanned = UnsafeBufferPointer(rebasing: buffer[..<min(buffer.count, Self.maximumScanBytes)])
            analyzer.forEachTerm(in: scanned, isDone: { words.isComplete }) { term in
                if !term.isColocated { words.startWord(term.start, term.end) }
                if let word = highlight.word(matching: term.bytes) { words.mark(word) }
            }
        }
        words.finish()
        guard !words.starts.isEmpty else { return ("", []) }
        let first = words.windowStart
        let last = min(first + Self.wordCount, words.starts.count) - 1
        var builder = Builder()
        if first > 0 { builder.append("… ", highlighted: false) }
        for index in first...last {
            if index > first { builder.appendSeparator(utf8[words.ends[index - 1]..<words.starts[index]]) }
            builder.append(String(decoding: utf8[words.starts[index]..<words.ends[index]], as: UTF8.self),
                           highlighted: words.matched[index] >= 0)
        }
        if last < words.starts.count - 1 || !words.reachedEnd || utf8.count > Self.maximumScanBytes {
            builder.append(" …", highlighted: false)
        }
        return (builder.text, builder.highlights)
    }

    /// The words analysed so far, which query word each matches, and the best window.
    private struct MatchedWords {
        var starts: [Int] = []
        var ends: [Int] = []
        /// The query word each word matches, or -1.
        var matched: [Int] = []
        private(set) var windowStart = 0
        private(set) var reachedEnd = true
        private let queryWords: Int
        /// Matches per query word in the current window, and their distinct count.
        private var counts: [Int]
        private var distinct = 0
        private var total = 0
        private var best = (distinct: 0, total: 0)

        init(queryWords: Int) {
            self.queryWords = queryWords
            counts = Array(repeating: 0, count: queryWords)
        }

        /// A window holds every query word and all its words are analysed: analysis can stop.
        var isComplete: Bool {
            queryWords > 0 && best.distinct == queryWords && matched.count >= windowStart + SnippetBuilder.wordCount
        }

        mutating func startWord(_ start: Int, _ end: Int) {
            closeWord()
            starts.append(start)
            ends.append(end)
            matched.append(-1)
        }

        mutating func mark(_ word: Int) {
            if matched[matched.count - 1] < 0 { matched[matched.count - 1] = word }
        }

        /// Slides the window over the last word and remembers the best window so far.
        private mutating func closeWord() {
            guard let index = matched.indices.last else { return }
            add(matched[index], 1)
            if index >= SnippetBuilder.wordCount { add(matched[index - SnippetBuilder.wordCount], -1) }
            if distinct > best.distinct || (distinct == best.distinct && total > best.total) {
                best = (distinct, total)
                windowStart = max(0, index - SnippetBuilder.wordCount + 1)
            }
        }

        private mutating func add(_ word: Int, _ delta: Int) {
            guard word >= 0 else { return }
            if counts[word] == 0, delta > 0 { distinct += 1 }
            counts[word] += delta
            if counts[word] == 0, delta < 0 { distinct -= 1 }
            total += delta
        }

        mutating func finish() {
            let stoppedEarly = isComplete
            closeWord()
            reachedEnd = !stoppedEarly
            // Start a little before the window's first match, for context.
            if best.distinct > 0, let firstMatch = matched[windowStart...].firstIndex(where: { $0 >= 0 }) {
                windowStart = max(0, min(firstMatch - 3, matched.count - SnippetBuilder.wordCount))
            }
        }
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
