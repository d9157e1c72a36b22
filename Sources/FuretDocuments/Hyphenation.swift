/// Rejoins words that page layout cut at a line's end (`com-\nmande`), as PDF text has them.
///
/// A word is rejoined only when the joined spelling is a word (`isWord`, the French Hunspell
/// dictionary in the indexer): joining blindly would break real compounds cut at their hyphen
/// (`ci-\ndessus`), which keep their hyphen and lose only the line break. A hyphen before a
/// page break is left alone, so that page boundaries stay where they are.
package enum Hyphenation {
    /// `text` with its line-end hyphenations resolved.
    package static func rejoin(_ text: String, isWord: (String) -> Bool) -> String {
        let utf8 = text.utf8
        // Nearly every text has no line-end hyphen: no copy then.
        guard utf8.firstRange(of: "-\n".utf8) != nil else { return text }
        var result = ""
        result.reserveCapacity(utf8.count)
        var copied = text.startIndex
        var searchFrom = text.startIndex
        while let cut = text[searchFrom...].firstRange(of: "-\n") {
            searchFrom = cut.upperBound
            let before = text[copied..<cut.lowerBound]
            let head = before.reversed().prefix { $0.isLetter }
            guard !head.isEmpty else { continue }
            let after = text[cut.upperBound...]
            let tail = after.prefix { $0.isLetter }
            guard let first = tail.first, first.isLowercase else { continue }
            result += before
            if isWord(String(head.reversed()) + tail) {
                result += tail  // "com" + "mande"
                copied = text.index(cut.upperBound, offsetBy: tail.count)
            } else {
                result += "-"  // "ci-" + "dessus"
                copied = cut.upperBound
            }
            searchFrom = copied
        }
        result += text[copied...]
        return result
    }
}
