/// French elided words: `l'`, `d'`, `qu'`, `jusqu'`… that stick to the next word.
///
/// The analyzer drops them, in any case and with any apostrophe (`'`, `’`, `‘`, `ʼ`), so
/// `l'enquête`, `L’ENQUÊTE` and `enquête` index alike. Words such as `aujourd'hui` or
/// `quelqu'un`, whose first part is not in this list, stay one word (spelt without the
/// apostrophe), so `aujourd'hui` and `aujourdhui` also match.
enum Elision {
    /// The folded forms of the elided words, without their apostrophe.
    static let prefixes: Set<[UInt8]> = Set(
        ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
            .map { Array($0.utf8) }
    )

    /// The length in bytes of the longest folded prefix.
    static let longestBytes = 6

    /// Whether a word whose folded form is `folded` is elided before an apostrophe.
    @inline(__always)
    static func isElided(_ folded: [UInt8]) -> Bool {
        folded.count <= longestBytes && prefixes.contains(folded)
    }
}
