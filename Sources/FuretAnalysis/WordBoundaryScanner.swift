/// Finds the words of UTF-8 text by ``WordScanner``'s rules, as byte ranges alone: no
/// lowercase spellings are built and ASCII is classified by arithmetic. Several times faster
/// than ``WordScanner``: snippets count words with it up to the positions FTS5 reports.
///
/// The same rules must give the same words: `FrenchAnalyzerTests` compares both scanners.
struct WordBoundaryScanner {
    /// Byte offsets of the current word in the input.
    private(set) var start = 0
    private(set) var end = 0

    private let text: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let table = FoldingTable.shared
    /// The folded text before an apostrophe, to tell an elision.
    private var folded: [UInt8] = []
    /// Whether the word's last character is an ASCII digit (see ``WordScanner``).
    private var inDigits = false

    init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
    }

    /// Moves to the next word; `false` at the end of the text.
    mutating func next() -> Bool {
        let count = text.count
        while index < count {
            let byte = text[index]
            let kind: Kind, length: Int
            if byte < 0x80 {
                guard FoldingTable.isASCIIWordByte(byte) else {
                    index += 1
                    continue
                }
                (kind, length) = (.word, 1)
            } else {
                (kind, length) = nonASCIIKind(at: index)
            }
            index += length
            if kind == .word {
                inDigits = FoldingTable.isASCIIDigit(byte)
                start = index - length
                scanRestOfWord()
                return true
            }
        }
        return false
    }

    private mutating func scanRestOfWord() {
        let count = text.count
        while index < count {
            let byte = text[index]
            let kind: Kind, length: Int
            if byte < 0x80 {
                // Fast path: ASCII letters and digits, most of French text.
                if FoldingTable.isASCIIWordByte(byte) {
                    guard FoldingTable.isASCIIDigit(byte) == inDigits else { break }
                    index += 1
                    continue
                }
                (kind, length) = (byte == UInt8(ascii: "'") ? .apostrophe : .separator, 1)
            } else {
                (kind, length) = nonASCIIKind(at: index)
            }
            switch kind {
            case .word:
                guard !inDigits else {
                    end = index
                    return
                }
                index += length
            case .mark:
                index += length
            case .apostrophe:
                let after = index + length
                guard after < count, case (.word, let nextLength) = self.kind(at: after) else {
                    end = index
                    return
                }
                if isElided() { start = after }
                inDigits = FoldingTable.isASCIIDigit(text[after])
                index = after + nextLength
            case .separator:
                end = index
                return
            }
        }
        end = index
    }

    /// Whether the word so far, up to an apostrophe, is an elided word (`l`, `qu`…).
    private mutating func isElided() -> Bool {
        let word = UnsafeBufferPointer(rebasing: text[start..<index])
        guard word.count <= Elision.longestBytes * 4 else { return false }
        folded.removeAll(keepingCapacity: true)
        if word.allSatisfy({ $0 < 0x80 }) {
            // ASCII folds to its letters and digits, lowercase (setting 0x20 lowercases a
            // letter and leaves a digit as it is); apostrophes drop out.
            for byte in word where FoldingTable.isASCIIWordByte(byte) { folded.append(byte | 0x20) }
        } else {
            table.fold(word, into: &folded)
        }
        return folded.withUnsafeBufferPointer(Elision.isElided)
    }

    /// The kind of the scalar at `offset` and its length in bytes.
    @inline(__always)
    private func kind(at offset: Int) -> (Kind, Int) {
        let byte = text[offset]
        guard byte >= 0x80 else {
            return (FoldingTable.isASCIIWordByte(byte) ? .word : byte == UInt8(ascii: "'") ? .apostrophe : .separator, 1)
        }
        return nonASCIIKind(at: offset)
    }

    /// The kind of the non-ASCII scalar at `offset` and its length; invalid UTF-8 separates.
    @inline(__always)
    private func nonASCIIKind(at offset: Int) -> (Kind, Int) {
        let (scalar, length) = UTF8Scalar.decode(text, at: offset)
        guard let scalar else { return (.separator, 1) }
        return (Kind(table.classify(scalar)), length)
    }

    /// A ``ScalarClass`` without its forms.
    private enum Kind: UInt8 {
        case word, mark, apostrophe, separator

        init(_ scalarClass: ScalarClass) {
            switch scalarClass {
            case .word: self = .word
            case .mark: self = .mark
            case .apostrophe: self = .apostrophe
            case .separator: self = .separator
            }
        }
    }
}
