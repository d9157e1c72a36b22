import FuretAnalysis

/// Builds a snippet: about ``wordCount`` words of a document around its best cluster of
/// matched words (see ``BodyMatches/bestWindowStart(length:horizon:)``), on one line, with the
/// matched words' ranges in Unicode scalars.
///
/// Furet builds snippets itself rather than with FTS5's `snippet()`, which tokenizes the
/// whole document again and scores candidate windows against every phrase instance: with a
/// query's OR groups of forms and frequent words that cost milliseconds per hit. Here the
/// window is chosen from FTS5's instance positions alone; words are counted from the
/// body's last mark before the window (``WordMarks``), and only the blocks of text from that
/// mark to the window's end are decompressed and split into words (no stemming).
package enum SnippetBuilder {
    static let wordCount = 30
    /// Words shown before the window's first match, for context.
    static let leadingWords = 3
    /// Windows are looked for among the matches of roughly the first 256 KiB of text, so the
    /// snippet of a huge file costs little; a document matched only further on shows its
    /// first match.
    static let horizon = 40_000

    /// Bytes decompressed at first per word the snippet needs: French text averages six to
    /// seven. When that falls short, the words still missing are read at the rate seen so far.
    static let bytesPerWord = 7
    /// Bytes after a word's end that decide where it ends (a scalar, an apostrophe, and the
    /// scalar after it): a word closer than this to the end of the text decompressed so far
    /// may end differently in the whole body.
    static let lookahead = 8

    /// The snippet of a stored body (invalid UTF-8 is replaced); no snippet when the body
    /// turns out to be corrupt. Words are counted from the last of the body's `marks` before
    /// the window, or from its start. `matchOffset` is where the snippet's first highlighted
    /// word starts in the body, in bytes (`nil` without one): a hit's page is found from it.
    static func snippet(
        of body: StoredText, matches: BodyMatches, marks: WordMarks = WordMarks(offsets: [])
    ) -> (text: String, highlights: [HighlightRange], matchOffset: Int?) {
        let matchStart = matches.bestWindowStart(length: Self.wordCount, horizon: Self.horizon) ?? 0
        let wanted = max(0, matchStart - Self.leadingWords)
        // Keep a window's worth of words before the wanted start, in case the text ends first.
        let firstKept = max(0, wanted - Self.wordCount)
        // Byte ranges in the body of the words kept.
        var ranges: [Range<Int>] = []
        // Where the words not seen yet start, and the first one's number: the scan resumes
        // there when more text is read (a word's limits depend on nothing before its start).
        var (position, resume) = marks.mark(atOrBefore: firstKept)
        if resume > body.length {
            // A mark past the end of the body (marks of another text): count from the start.
            (position, resume) = (0, 0)
        }
        var hasMore = false
        let wordsNeeded = wanted + Self.wordCount + 1
        var target = resume + (wordsNeeded - position) * Self.bytesPerWord + Self.lookahead
        while true {
            guard body.load(from: resume, toAtLeast: target) else { return ("", [], nil) }
            let isComplete = body.end == body.length
            let scanStart = resume
            let text = UnsafeBufferPointer(rebasing: body.text[(scanStart - body.start)...])
            FrenchAnalyzer.forEachWord(in: text) { found in
                let range = scanStart + found.lowerBound..<scanStart + found.upperBound
                if !isComplete && body.end - range.upperBound < Self.lookahead { return false }
                if position >= wanted + Self.wordCount {
                    hasMore = true
                    return false
                }
                if position >= firstKept { ranges.append(range) }
                position += 1
                resume = range.upperBound
                return true
            }
            if hasMore || isComplete { break }
            let rate = max(Self.bytesPerWord, resume / max(position, 1))
            target = body.end + max((wordsNeeded - position) * rate * 5 / 4, 512)
        }
        guard !ranges.isEmpty else { return ("", [], nil) }
        let text = body.text
        let base = body.start
        // The window, or the last words when the text ends first (never before the first kept).
        let first = max(0, min(wanted, position - Self.wordCount) - firstKept)
        let shown = ranges[first...].prefix(Self.wordCount)
        var builder = Builder()
        if first + firstKept > 0 { builder.append("… ".utf8, highlighted: false) }
        var previousEnd: Int?
        for (offset, range) in zip(first..., shown) {
            if let previousEnd { builder.appendSeparator(text[(previousEnd - base)..<(range.lowerBound - base)]) }
            let highlighted = matches.contains(position: firstKept + offset)
            if highlighted, builder.firstMatch == nil { builder.firstMatch = range.lowerBound }
            builder.append(text[(range.lowerBound - base)..<(range.upperBound - base)], highlighted: highlighted)
            previousEnd = range.upperBound
        }
        if hasMore { builder.append(" …".utf8, highlighted: false) }
        return (builder.text, builder.highlights, builder.firstMatch)
    }

    /// Accumulates the snippet as UTF-8, and its highlight ranges in Unicode scalars.
    private struct Builder {
        private var utf8: [UInt8] = []
        private(set) var highlights: [HighlightRange] = []
        /// Where the first highlighted word starts in the body, in bytes (for its page).
        var firstMatch: Int?
        /// Scalars so far.
        private var length = 0

        var text: String { String(decoding: utf8, as: UTF8.self) }

        /// Appends valid UTF-8: a word of the text (the scanner only puts valid scalars in
        /// words) or a string's bytes.
        mutating func append(_ piece: some Collection<UInt8>, highlighted: Bool) {
            // A scalar starts at each byte that does not continue one.
            let count = piece.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            if highlighted {
                if let last = highlights.last, last.end == length {
                    highlights[highlights.count - 1].end = length + count
                } else {
                    highlights.append(HighlightRange(start: length, end: length + count))
                }
            }
            utf8.append(contentsOf: piece)
            length += count
        }

        /// Text between two words, with runs of white space (line breaks too) as one space.
        mutating func appendSeparator(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return appendUnicodeSeparator(bytes) }
            // ASCII, the usual case: its white space is tab to carriage return, and space.
            let start = utf8.count
            var lastWasSpace = false
            for byte in bytes {
                if byte == 0x20 || (0x09...0x0D).contains(byte) {
                    if !lastWasSpace { utf8.append(0x20) }
                    lastWasSpace = true
                } else {
                    utf8.append(byte)
                    lastWasSpace = false
                }
            }
            if utf8.count == start { utf8.append(0x20) }
            length += utf8.count - start
        }

        /// ``appendSeparator(_:)`` for any text, invalid UTF-8 included (replaced).
        private mutating func appendUnicodeSeparator(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) {
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
            append(piece.utf8, highlighted: false)
        }
    }
}

extension SnippetBuilder {
    /// The snippet of a stored body (``IndexedDocument/storedBody``) matched by an engine
    /// other than FTS5 (the cluster router's Xapian shards): `words` are the matched words'
    /// token positions in the body and the query term each stands for.
    package static func snippet(
        ofStoredBody stored: [UInt8], words: [(position: Int, term: Int)]
    ) -> (text: String, highlights: [HighlightRange], matchOffset: Int?) {
        stored.withUnsafeBytes { bytes in
            guard let body = StoredText(stored: InMemoryBytes(bytes: bytes)) else { return ("", [], nil) }
            // One instance triple (phrase, offset, size) per word, its phrase standing for its term.
            let instances: [Int32] = words.flatMap { [Int32(clamping: $0.term), Int32(clamping: $0.position), 1] }
            let terms = (words.map(\.term).max() ?? -1) + 1
            let matches = instances.withUnsafeBufferPointer { BodyMatches(instances: $0, phraseTerms: Array(0..<terms), trailingWords: Array(repeating: 0, count: terms)) }
            return snippet(of: body, matches: matches)
        }
    }
}
