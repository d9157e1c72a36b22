/// Splits UTF-8 text into French words, lowercased, in two spellings: with and without accents.
///
/// Rules (the same for documents and queries):
/// - Letters and digits of any script make words; everything else separates them: every
///   Unicode space (NBSP, narrow NBSP, thin spaces), punctuation, `« »`, hyphens and dots,
///   so `guet-apens` and `coco.gg` give consecutive words and a phrase matches either spelling.
/// - A word also ends where ASCII digits meet letters: `ipv6` is `ipv` then `6`, `L121-1` is
///   `l`, `121`, `1`, as `L.121-1` and `L. 121-1` are, so references typed any of these
///   ways match each other (a query word is then a phrase of its runs).
/// - Combining marks belong to the letter before them and are composed with it (NFD text
///   from macOS analyses as NFC); a mark with no letter before it is ignored.
/// - An apostrophe between two letters either drops an elision (`l'`, `qu'`, see ``Elision``)
///   or joins the two parts into one word (`aujourd'hui` → `aujourdhui`).
/// - Invalid UTF-8 bytes are separators: they never stop the scan nor end up in a word.
/// - A word longer than ``maxWordBytes`` keeps its first bytes (cut at a scalar boundary);
///   its offsets still cover the whole word.
///
/// Offsets are byte offsets into the input, so FTS5 can highlight the original text.
/// ``WordBoundaryScanner`` finds the same words' offsets alone, faster: a change of these
/// rules goes into both.
///
/// The scanner is the analyzer's hot loop: it writes both spellings into two fixed buffers
/// on the stack (``scan(_:_:)``), and ASCII takes a path of its own.
struct WordScanner {
    /// Longest word form kept, in bytes; longer "words" (hashes, base64) are cut.
    static let maxWordBytes = 120
    /// A spelling buffer's size: the longest word, plus room for the eight bytes a
    /// ``ShortUTF8`` store writes at once.
    private static let bufferBytes = maxWordBytes + 8

    /// Byte offsets of the current word in the input.
    private(set) var start = 0
    private(set) var end = 0

    private let text: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let table = FoldingTable.shared
    private let accentedBytes: UnsafeMutablePointer<UInt8>
    private let foldedBytes: UnsafeMutablePointer<UInt8>
    private var accentedCount = 0
    private var foldedCount = 0
    /// Offset in the accented spelling of the last letter appended, for composing marks with it.
    private var lastLetterOffset = 0
    /// Whether the last character appended was an ASCII digit: a letter after it (or a digit
    /// after a letter) starts another word.
    private var inDigits = false

    /// Calls `body` with a scanner over `text`, whose spellings live on the stack.
    static func scan<Result>(_ text: UnsafeBufferPointer<UInt8>, _ body: (inout WordScanner) throws -> Result) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * bufferBytes) { buffer in
            let storage = buffer.baseAddress!
            var scanner = WordScanner(text, accented: storage, folded: storage + bufferBytes)
            return try body(&scanner)
        }
    }

    private init(_ text: UnsafeBufferPointer<UInt8>, accented: UnsafeMutablePointer<UInt8>, folded: UnsafeMutablePointer<UInt8>) {
        self.text = text
        accentedBytes = accented
        foldedBytes = folded
    }

    /// The current word, lowercase, valid until the next call to ``next()``.
    var accented: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: accentedBytes, count: accentedCount)
    }

    /// The current word without diacritics, valid until the next call to ``next()``.
    var folded: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: foldedBytes, count: foldedCount)
    }

    /// Moves to the next word; `false` at the end of the text.
    mutating func next() -> Bool {
        let count = text.count
        // Find the first letter or digit.
        while index < count {
            let byte = text[index]
            if byte < 0x80 {
                index += 1
                guard FoldingTable.isASCIIWordByte(byte) else { continue }
                beginWord(at: index - 1)
                inDigits = FoldingTable.isASCIIDigit(byte)
                appendASCII(byte | 0x20)
                scanRestOfWord()
                return true
            }
            let (scalar, length) = UTF8Scalar.decode(text, at: index)
            if let scalar, case .word(let a, let f) = table.classify(scalar) {
                beginWord(at: index)
                inDigits = false
                appendLetter(accented: a, folded: f)
                index += length
                scanRestOfWord()
                return true
            }
            index += length
        }
        return false
    }

    @inline(__always)
    private mutating func beginWord(at offset: Int) {
        start = offset
        accentedCount = 0
        foldedCount = 0
    }

    private mutating func scanRestOfWord() {
        let count = text.count
        while index < count {
            // Fast path: ASCII letters and digits, most of French text.
            let byte = text[index]
            if FoldingTable.isASCIIWordByte(byte) {
                guard FoldingTable.isASCIIDigit(byte) == inDigits else { break }
                appendASCII(byte | 0x20)
                index += 1
                continue
            }
            let (scalar, length) = UTF8Scalar.decode(text, at: index)
            guard let scalar else { break }
            switch table.classify(scalar) {
            case .word(let a, let f):
                guard !inDigits else {
                    end = index
                    return
                }
                appendLetter(accented: a, folded: f)
                index += length
            case .mark:
                composeMark(scalar)
                index += length
            case .apostrophe:
                let after = index + length
                guard after < count, case let (next?, nextLength) = UTF8Scalar.decode(text, at: after),
                      case .word(let a, let f) = table.classify(next)
                else {
                    end = index
                    return
                }
                if Elision.isElided(folded) {
                    beginWord(at: after)
                }
                inDigits = next.isASCII && FoldingTable.isASCIIDigit(UInt8(next.value))
                appendLetter(accented: a, folded: f)
                index = after + nextLength
            case .separator:
                end = index
                return
            }
        }
        end = index
    }

    @inline(__always)
    private mutating func appendASCII(_ lower: UInt8) {
        guard accentedCount < Self.maxWordBytes, foldedCount < Self.maxWordBytes else { return }
        lastLetterOffset = accentedCount
        accentedBytes[accentedCount] = lower
        foldedBytes[foldedCount] = lower
        accentedCount += 1
        foldedCount += 1
    }

    /// Appends a letter's two spellings, unless either would pass ``maxWordBytes``.
    @inline(__always)
    private mutating func appendLetter(accented a: ShortUTF8, folded f: ShortUTF8) {
        guard accentedCount + a.count <= Self.maxWordBytes, foldedCount + f.count <= Self.maxWordBytes else { return }
        lastLetterOffset = accentedCount
        a.store(at: accentedBytes + accentedCount)
        f.store(at: foldedBytes + foldedCount)
        accentedCount += a.count
        foldedCount += f.count
    }

    /// Composes a combining mark with the letter before it in the accented spelling.
    /// The folded spelling drops marks, so it is unchanged.
    private mutating func composeMark(_ mark: Unicode.Scalar) {
        guard accentedCount > 0,
              case let (letter?, _) = UTF8Scalar.decode(accented, at: lastLetterOffset),
              let composed = table.compose(letter, mark),
              lastLetterOffset + composed.count <= Self.maxWordBytes
        else { return }
        (accentedBytes + lastLetterOffset).update(from: composed, count: composed.count)
        accentedCount = lastLetterOffset + composed.count
    }
}
