/// Rejoins words that page layout cut at a line's end (`com-\nmande`), as PDF text has them.
///
/// A word is rejoined only when the joined spelling is a word (`isWord`, the French Hunspell
/// dictionary in the indexer): joining blindly would break real compounds cut at their hyphen
/// (`ci-\ndessus`), which keep their hyphen and lose only the line break. A hyphen before a
/// page break is left alone, so that page boundaries stay where they are.
package enum Hyphenation {
    /// `text` with its line-end hyphenations resolved.
    package static func rejoin(_ text: String, isWord: (String) -> Bool) -> String {
        let cuts = lineEndHyphens(in: text)
        // Nearly every text has no line-end hyphen: no copy then.
        guard !cuts.isEmpty else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var copied = text.startIndex
        for cut in cuts where cut >= copied {
            let before = text[copied..<cut]
            let head = before.reversed().prefix { $0.isLetter }
            guard !head.isEmpty else { continue }
            let next = text.utf8.index(cut, offsetBy: 2)
            let tail = text[next...].prefix { $0.isLetter }
            guard let first = tail.first, first.isLowercase else { continue }
            result += before
            if isWord(String(head.reversed()) + tail) {
                result += tail  // "com" + "mande"
                copied = tail.endIndex
            } else {
                result += "-"  // "ci-" + "dessus"
                copied = next
            }
        }
        result += text[copied...]
        return result
    }

    /// Where the hyphens that end a line are, in order. Found among the UTF-8 bytes: a search by
    /// `Character` cuts the whole text into grapheme clusters, which cost a tenth of the
    /// daemon's CPU on a folder of PDFs, for a few hyphens a page.
    private static func lineEndHyphens(in text: String) -> [String.Index] {
        let utf8 = text.utf8
        let offsets = utf8.withContiguousStorageIfAvailable(lineEndHyphenOffsets)
            ?? Array(utf8).withUnsafeBufferPointer(lineEndHyphenOffsets)
        return offsets.map { utf8.index(utf8.startIndex, offsetBy: $0) }
    }

    private static func lineEndHyphenOffsets(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var offsets: [Int] = []
        var index = 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") && bytes[index - 1] == UInt8(ascii: "-") {
                offsets.append(index - 1)
            }
            index += 1
        }
        return offsets
    }
}
