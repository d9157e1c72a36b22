import FuretAnalysis

/// The index tokens a query matches, for marking words in snippets: exact tokens, plus
/// prefixes for `word*` terms. Excluded terms are not marked.
///
/// Checked for every word of every snippet document, so short tokens (nearly all) are kept
/// packed in two integers and compared without building a string.
struct HighlightTerms: Sendable {
    private var packed: Set<PackedToken> = []
    private var long: Set<String> = []
    private(set) var prefixes: [String] = []

    mutating func insert(_ tokens: some Sequence<String>) {
        for token in tokens {
            if let key = Array(token.utf8).withUnsafeBufferPointer(PackedToken.init) {
                packed.insert(key)
            } else {
                long.insert(token)
            }
        }
    }

    mutating func insertPrefix(_ prefix: String) {
        prefixes.append(prefix)
    }

    func matches(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        if let key = PackedToken(token) {
            if packed.contains(key) { return true }
        } else if long.contains(String(decoding: token, as: UTF8.self)) {
            return true
        }
        guard !prefixes.isEmpty else { return false }
        let text = String(decoding: token, as: UTF8.self)
        return prefixes.contains { text.hasPrefix($0) }
    }
}

/// Builds a snippet: about ``wordCount`` words of a document around its densest cluster of
/// matched words, on one line, with the matched words' ranges in Unicode scalars.
///
/// Furet builds snippets itself rather than with FTS5's `snippet()`: that function scores
/// candidate windows against every phrase instance, which with a query's OR groups of forms
/// and frequent words cost milliseconds per hit, and re-reads the posting lists per row.
/// Here a document is analysed once, in a single pass.
struct SnippetBuilder {
    static let wordCount = 30

    let analyzer: FrenchAnalyzer
    let highlight: HighlightTerms

    func snippet(of text: String) -> (text: String, highlights: [HighlightRange]) {
        var utf8 = Array(text.utf8)
        // Word spans, and whether one of each word's forms is matched.
        var starts: [Int] = []
        var ends: [Int] = []
        var matched: [Bool] = []
        utf8.withUnsafeMutableBufferPointer { buffer in
            analyzer.forEachTerm(in: UnsafeBufferPointer(buffer)) { term in
                if !term.isColocated {
                    starts.append(term.start)
                    ends.append(term.end)
                    matched.append(false)
                }
                if !matched[matched.count - 1], highlight.matches(term.bytes) { matched[matched.count - 1] = true }
            }
        }
        guard !starts.isEmpty else { return ("", []) }
        let first = Self.bestWindow(matched)
        let last = min(first + Self.wordCount, starts.count) - 1
        var builder = Builder()
        if first > 0 { builder.append("… ", highlighted: false) }
        for index in first...last {
            if index > first { builder.appendSeparator(utf8[ends[index - 1]..<starts[index]]) }
            builder.append(String(decoding: utf8[starts[index]..<ends[index]], as: UTF8.self), highlighted: matched[index])
        }
        if last < starts.count - 1 { builder.append(" …", highlighted: false) }
        return (builder.text, builder.highlights)
    }

    /// The first word of the window of ``wordCount`` words holding the most matched words.
    static func bestWindow(_ matched: [Bool]) -> Int {
        var count = 0
        var best = 0
        var bestCount = 0
        for index in matched.indices {
            if matched[index] { count += 1 }
            if index >= wordCount, matched[index - wordCount] { count -= 1 }
            if count > bestCount {
                bestCount = count
                best = max(0, index - wordCount + 1)
            }
        }
        // Start a little before the first match of the window, for context.
        guard bestCount > 0, let firstMatch = matched[best...].firstIndex(of: true) else { return best }
        return max(0, min(firstMatch - 3, matched.count - wordCount))
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
