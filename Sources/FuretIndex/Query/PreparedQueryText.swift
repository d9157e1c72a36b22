/// Query text that is already analysed: the words of one FTS5 string and each word's forms.
///
/// Encoding (control characters never survive analysis, so user text cannot forge it):
/// `0x01` starts the text and separates words; `0x02` separates the forms of one word.
/// The first form of a word is a token, the others are colocated with it (FTS5 matches any).
///
/// ```
/// \u{1}premi\u{2}premier\u{1}maison   →   (premi | premier) followed by maison
/// ```
struct PreparedQueryText {
    static let wordSeparator: UInt8 = 0x01
    static let formSeparator: UInt8 = 0x02

    private let text: UnsafeBufferPointer<UInt8>

    /// Reads prepared text, or `nil` when `text` is ordinary text.
    init?(_ text: UnsafeBufferPointer<UInt8>) {
        guard text.first == Self.wordSeparator else { return nil }
        self.text = text
    }

    /// Builds the FTS5 string (without quotes) for words given as lists of forms.
    static func encode(_ words: [[String]]) -> String {
        let separator = String(UnicodeScalar(wordSeparator))
        return words.map { separator + $0.joined(separator: String(UnicodeScalar(formSeparator))) }.joined()
    }

    /// Calls `body` with each token and whether it is colocated with the previous one;
    /// stops at the first non-zero result and returns it.
    func forEachToken(_ body: (UnsafeBufferPointer<UInt8>, Bool) -> CInt) -> CInt {
        var start = 1
        var isColocated = false
        for index in 1...text.count {
            guard index == text.count || text[index] == Self.wordSeparator || text[index] == Self.formSeparator else { continue }
            if index > start {
                let result = body(UnsafeBufferPointer(rebasing: text[start..<index]), isColocated)
                if result != 0 { return result }
                isColocated = true
            }
            if index < text.count, text[index] == Self.wordSeparator { isColocated = false }
            start = index + 1
        }
        return 0
    }
}
