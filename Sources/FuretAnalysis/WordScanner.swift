/// Splits UTF-8 text into French words, lowercased, in two spellings: with and without accents.
///
/// Rules (the same for documents and queries):
/// - Letters and digits of any script make words; everything else separates them: every
///   Unicode space (NBSP, narrow NBSP, thin spaces), punctuation, `« »`, hyphens and dots,
///   so `guet-apens` and `coco.gg` give consecutive words and a phrase matches either spelling.
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
struct WordScanner {
    /// Longest word form kept, in bytes; longer "words" (hashes, base64) are cut.
    static let maxWordBytes = 120

    /// The current word, valid until the next call to ``next()``.
    private(set) var accented: [UInt8] = []
    /// The current word without diacritics.
    private(set) var folded: [UInt8] = []
    /// Byte offsets of the current word in the input.
    private(set) var start = 0
    private(set) var end = 0

    private let text: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let table = FoldingTable.shared
    /// Offset in `accented` of the last letter appended, for composing marks with it.
    private var lastLetterOffset = 0
    private var lastLetter: Unicode.Scalar = " "

    init(_ text: UnsafeBufferPointer<UInt8>) {
        self.text = text
        accented.reserveCapacity(64)
        folded.reserveCapacity(64)
    }

    /// Moves to the next word; `false` at the end of the text.
    mutating func next() -> Bool {
        let count = text.count
        // Find the first letter or digit.
        while index < count {
            let (scalar, length) = UTF8Scalar.decode(text, at: index)
            if let scalar, case .word(let a, let f) = table.classify(scalar) {
                beginWord(at: index)
                appendLetter(scalar, accented: a, folded: f)
                index += length
                scanRestOfWord()
                return true
            }
            index += length
        }
        return false
    }

    private mutating func beginWord(at offset: Int) {
        start = offset
        accented.removeAll(keepingCapacity: true)
        folded.removeAll(keepingCapacity: true)
    }

    private mutating func scanRestOfWord() {
        let count = text.count
        while index < count {
            // Fast path: ASCII letters and digits, most of French text.
            let byte = text[index]
            if let lower = Self.asciiWordByte[Int(byte)] {
                appendASCII(lower)
                index += 1
                continue
            }
            let (scalar, length) = UTF8Scalar.decode(text, at: index)
            guard let scalar else { break }
            switch table.classify(scalar) {
            case .word(let a, let f):
                appendLetter(scalar, accented: a, folded: f)
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
                appendLetter(next, accented: a, folded: f)
                index = after + nextLength
            case .separator:
                end = index
                return
            }
        }
        end = index
    }

    /// For each byte, its lowercase form when it is an ASCII letter or digit.
    private static let asciiWordByte: [UInt8?] = (0..<256).map { value in
        let byte = UInt8(value)
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte + 32
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return byte
        default: return nil
        }
    }

    @inline(__always)
    private mutating func appendASCII(_ lower: UInt8) {
        guard accented.count < Self.maxWordBytes else { return }
        lastLetterOffset = accented.count
        lastLetter = Unicode.Scalar(lower)
        accented.append(lower)
        folded.append(lower)
    }

    @inline(__always)
    private mutating func appendLetter(_ scalar: Unicode.Scalar, accented a: [UInt8], folded f: [UInt8]) {
        guard accented.count + a.count <= Self.maxWordBytes else { return }
        lastLetterOffset = accented.count
        lastLetter = a.count == 1 ? Unicode.Scalar(a[0]) : Self.firstScalar(of: a) ?? scalar
        accented.append(contentsOf: a)
        folded.append(contentsOf: f)
    }

    /// Composes a combining mark with the letter before it in the accented form.
    /// The folded form drops marks, so it is unchanged.
    private mutating func composeMark(_ mark: Unicode.Scalar) {
        guard !accented.isEmpty, let composed = table.compose(lastLetter, mark) else { return }
        accented.removeSubrange(lastLetterOffset...)
        accented.append(contentsOf: composed)
        lastLetter = Self.firstScalar(of: composed) ?? lastLetter
    }

    private static func firstScalar(of bytes: [UInt8]) -> Unicode.Scalar? {
        bytes.withUnsafeBufferPointer { $0.isEmpty ? nil : UTF8Scalar.decode($0, at: 0).scalar }
    }
}
