/// French elided words: `l'`, `d'`, `qu'`, `jusqu'`… that stick to the next word.
///
/// The analyzer drops them, in any case and with any apostrophe (`'`, `’`, `‘`, `ʼ`), so
/// `l'enquête`, `L’ENQUÊTE` and `enquête` index alike. Words such as `aujourd'hui` or
/// `quelqu'un`, whose first part is not in this list, stay one word (spelt without the
/// apostrophe), so `aujourd'hui` and `aujourdhui` also match.
enum Elision {
    /// The folded forms of the elided words, without their apostrophe, packed as by ``packed(_:)``.
    private static let prefixes: [UInt64] =
        ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
            .map { word in Array(word.utf8).withUnsafeBufferPointer(packed) }

    /// The length in bytes of the longest folded prefix.
    static let longestBytes = 6

    /// Whether a word whose folded form is `folded` is elided before an apostrophe.
    static func isElided(_ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        folded.count <= longestBytes && prefixes.contains(packed(folded))
    }

    /// The bytes of a short word in one integer, little-endian.
    private static func packed(_ word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        word.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
