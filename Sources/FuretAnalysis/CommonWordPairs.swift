/// Pairs of very frequent words, indexed as one more token so that a phrase of them reads a
/// short posting list (the technique of Lucene's `CommonGrams` filter).
///
/// A phrase such as `"de la"` otherwise intersects two posting lists that hold nearly every
/// document, comparing their positions one by one: it set the slowest queries of a million
/// paragraphs. So a document carries, at the position of each word followed by another,
/// the token `&s1_s2` for each common stem `s1` of the word and `s2` of the next
/// (colocated with the first word), and a phrase whose consecutive words have only common
/// stems reads that one token for both.
///
/// The matches are the same as without pairs. A phrase word matches a document word when
/// they share a stem (see `QueryCompiler`), so when every stem of the query words `q1`, `q2`
/// is common, `q1 q2` at position `p` ⇔ some `s1` of `q1` and `s2` of `q2` are stems of the
/// document's words at `p` and `p + 1` ⇔ the document has `&s1_s2` at `p` for one of those
/// pairs. Pairs are built on stems, computed exactly as the words' own, so elisions
/// (`qu'elle a` is `elle a`), accents and case behave as in the single-word layers.
///
/// The words: the 40 most frequent folded words of eltec-fr (8.2 million words: 41 % of
/// them), spelt with their accents so that their stems are those of the accented words.
/// Consecutive pairs of them are 11 % of the corpus's words, the positions the pairs add.
package struct CommonWordPairs: Sendable {
    /// The common words, most frequent first, lowercase with their accents.
    package static let words = [
        "de", "la", "et", "à", "le", "il", "les", "un", "que", "en",
        "elle", "je", "une", "qui", "ne", "pas", "des", "vous", "est", "se",
        "dans", "ce", "pour", "du", "son", "était", "lui", "avait", "au", "sa",
        "plus", "mais", "sur", "on", "avec", "par", "tout", "ses", "comme", "où",
    ]

    /// The first byte of a pair token (see ``TermKind``).
    private static let prefix = TermKind.pair.prefix.utf8.first!
    /// Between a pair's two stems: never in a stem, which holds letters and digits only.
    static let separator = UInt8(ascii: "_")

    /// The common stems, packed (``packed(_:)``) and sorted.
    private let stems: [UInt64]

    /// The pairs of the stems of ``words``, given by `stemsOf` (accented word → its stems).
    init(stemsOf: ([UInt8]) -> [[UInt8]]) {
        var packedStems = Set<UInt64>()
        for word in Self.words {
            for stem in stemsOf(Array(word.utf8)) {
                stem.withUnsafeBufferPointer { if let packed = Self.packed($0) { packedStems.insert(packed) } }
            }
        }
        stems = packedStems.sorted()
    }

    /// The packed stem when it is a common one, else `nil`.
    @inline(__always)
    func common(_ stem: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard let packed = Self.packed(stem) else { return nil }
        var low = 0, high = stems.count
        while low < high {
            let middle = (low + high) / 2
            if stems[middle] < packed { low = middle + 1 } else { high = middle }
        }
        return low < stems.count && stems[low] == packed ? packed : nil
    }

    /// The pair tokens a phrase reads for two consecutive words given by their stems, when
    /// every stem of both is common; `nil` otherwise.
    package func tokens(first: [String], second: [String]) -> [String]? {
        let firsts = first.map { stem in Array(stem.utf8).withUnsafeBufferPointer(common) }
        let seconds = second.map { stem in Array(stem.utf8).withUnsafeBufferPointer(common) }
        guard !firsts.isEmpty, !seconds.isEmpty, firsts.allSatisfy({ $0 != nil }), seconds.allSatisfy({ $0 != nil }) else {
            return nil
        }
        var tokens: [String] = []
        for a in firsts {
            for b in seconds {
                var bytes: [UInt8] = []
                Self.appendToken(a!, b!, to: &bytes)
                tokens.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return tokens
    }

    /// Appends the token of the pair of packed stems `first`, `second` to `bytes`.
    static func appendToken(_ first: UInt64, _ second: UInt64, to bytes: inout [UInt8]) {
        bytes.append(prefix)
        appendUnpacked(first, to: &bytes)
        bytes.append(separator)
        appendUnpacked(second, to: &bytes)
    }

    /// A stem of 1 to 8 bytes in one integer, little-endian (stems hold no zero byte, so
    /// the packing is one to one); `nil` for a longer stem, never common.
    @inline(__always)
    private static func packed(_ stem: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard !stem.isEmpty, stem.count <= 8 else { return nil }
        var value: UInt64 = 0
        for index in stem.indices.reversed() { value = value << 8 | UInt64(stem[index]) }
        return value
    }

    private static func appendUnpacked(_ packed: UInt64, to bytes: inout [UInt8]) {
        var rest = packed
        while rest != 0 {
            bytes.append(UInt8(truncatingIfNeeded: rest))
            rest >>= 8
        }
    }
}
