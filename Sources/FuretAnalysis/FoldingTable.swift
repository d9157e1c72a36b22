/// How one scalar takes part in a word, with its lowercase forms.
enum ScalarClass {
    /// A letter or digit: its lowercase form with accents kept, and without them.
    case word(accented: [UInt8], folded: [UInt8])
    /// A combining mark: it belongs to the preceding letter (NFD text).
    case mark
    /// `'`, `’`, `‘` or `ʼ`: joins or elides, depending on its neighbours.
    case apostrophe
    /// Anything else: spaces of every kind, punctuation, symbols, controls.
    case separator
}

/// Case folding, accent folding and canonical composition for the scalars French text uses.
///
/// The data comes from `Tools/generate-folding-table.py` (Unicode's own tables): Latin,
/// Greek, Cyrillic, ligatures (`œ` → `oe`, `ﬁ` → `fi`) and full-width forms. Scalars outside
/// it fall back on the standard library's lowercase mapping, keeping their accents.
/// Built once; lookups never allocate for ASCII.
final class FoldingTable: Sendable {
    static let shared = FoldingTable()

    private let ascii: [ScalarClass]
    private let mappings: [UInt32: ScalarClass]
    private let compositions: [UInt64: [UInt8]]

    private init() {
        ascii = (0..<128).map { byte in
            switch UInt8(byte) {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                return .word(accented: [UInt8(byte) + 32], folded: [UInt8(byte) + 32])
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .word(accented: [UInt8(byte)], folded: [UInt8(byte)])
            case UInt8(ascii: "'"):
                return .apostrophe
            default:
                return .separator
            }
        }
        var mappings: [UInt32: ScalarClass] = [:]
        for line in Self.mappingData.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let code = UInt32(fields[0], radix: 16) else { continue }
            mappings[code] = .word(accented: Array(fields[1].utf8), folded: Array(fields[2].utf8))
        }
        self.mappings = mappings
        var compositions: [UInt64: [UInt8]] = [:]
        for line in Self.compositionData.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let base = UInt64(fields[0], radix: 16), let mark = UInt64(fields[1], radix: 16) else { continue }
            compositions[base << 32 | mark] = Array(fields[2].utf8)
        }
        self.compositions = compositions
    }

    /// The class of `scalar`, with its forms when it is part of words.
    @inline(__always)
    func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        let value = scalar.value
        if value < 128 { return ascii[Int(value)] }
        if let mapped = mappings[value] { return mapped }
        switch value {
        case 0x2019, 0x2018, 0x02BC: return .apostrophe
        default: break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            let lower = Array(properties.lowercaseMapping.utf8)
            return .word(accented: lower, folded: lower)
        default:
            return .separator
        }
    }

    /// The accented form of `base` followed by the combining `mark`, when Unicode composes them.
    @inline(__always)
    func compose(_ base: Unicode.Scalar, _ mark: Unicode.Scalar) -> [UInt8]? {
        compositions[UInt64(base.value) << 32 | UInt64(mark.value)]
    }

    /// Appends the folded (lowercase, accentless) form of the UTF-8 `text` to `buffer`.
    func fold(_ text: UnsafeBufferPointer<UInt8>, into buffer: inout [UInt8]) {
        var index = 0
        while index < text.count {
            let (scalar, length) = UTF8Scalar.decode(text, at: index)
            index += length
            guard let scalar else { continue }
            switch classify(scalar) {
            case .word(_, let folded): buffer.append(contentsOf: folded)
            case .apostrophe, .mark, .separator: continue
            }
        }
    }
}
