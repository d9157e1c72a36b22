/// Where every ``interval``-th word of a body starts, stored with the document so that a
/// snippet deep in a long body counts words from the nearest mark rather than from the start
/// (see ``SnippetBuilder``).
///
/// Word `n` is FTS5's token position `n` in the body column: marks are taken from the terms
/// the tokenizer indexes (``RecordedTerms``). Stored as LEB128 varints of the gaps between
/// byte offsets: about one byte per 64 words.
struct WordMarks: Equatable {
    static let interval = 64

    /// Byte offsets of words `interval`, `2 × interval`… (word 0 starts the body).
    private(set) var offsets: [Int] = []

    init(offsets: [Int]) {
        self.offsets = offsets
    }

    /// The marks to store for `body`: none for a short one (``TextCompression/dictionaryLimit``),
    /// which is decompressed whole and whose words are counted from its start at no cost worth
    /// a mark: a paragraph of 65 to 128 words kept one, 1 MB in a million paragraphs.
    static func stored(_ marks: WordMarks?, forBodyOf body: String) -> WordMarks? {
        body.utf8.count > TextCompression.dictionaryLimit ? marks : nil
    }

    /// Marks decoded from their stored bytes; `nil` when they are not valid marks.
    init?(encoded bytes: some Collection<UInt8>) {
        var value = 0, shift = 0, previous = 0
        for byte in bytes {
            guard shift < 56 else { return nil }
            value |= Int(byte & 0x7F) << shift
            shift += 7
            guard byte & 0x80 == 0 else { continue }
            previous += value
            offsets.append(previous)
            (value, shift) = (0, 0)
        }
        guard shift == 0 else { return nil }
    }

    var encoded: [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(offsets.count * 2)
        var previous = 0
        for offset in offsets {
            var gap = UInt(offset - previous)
            previous = offset
            while gap >= 0x80 {
                bytes.append(UInt8(gap & 0x7F) | 0x80)
                gap >>= 7
            }
            bytes.append(UInt8(gap))
        }
        return bytes
    }

    /// The last mark at or before word `position`: the word's number and byte offset; word 0
    /// at offset 0 when there is none.
    func mark(atOrBefore position: Int) -> (position: Int, offset: Int) {
        let index = min(position / Self.interval, offsets.count)
        return index == 0 ? (0, 0) : (index * Self.interval, offsets[index - 1])
    }
}
