/// How one scalar takes part in a word, with its lowercase forms.
enum ScalarClass {
    /// A letter or digit: its lowercase form with accents kept, and without them.
    case word(accented: ShortUTF8, folded: ShortUTF8)
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
/// Built once; scalars below ``denseLimit`` (Latin, Greek, Cyrillic, combining marks and
/// general punctuation: `’`, narrow no-break space, dashes) are classified by indexing an array.
final class FoldingTable: Sendable {
    static let shared = FoldingTable()

    private static let denseLimit: UInt32 = 0x2070

    private let dense: [ScalarClass]
    private let mappings: [UInt32: ScalarClass]
    private let compositions: [UInt64: [UInt8]]

    private init() {
        var mappings: [UInt32: ScalarClass] = [:]
        for line in Self.mappingData.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count == 3, let code = UInt32(fields[0], radix: 16),
                  let accented = ShortUTF8(fields[1].utf8), let folded = ShortUTF8(fields[2].utf8)
            else { continue }
            mappings[code] = .word(accented: accented, folded: folded)
        }
        self.mappings = mappings
        dense = (0..<Self.denseLimit).map { value in
            Self.classify(Unicode.Scalar(value) ?? " ", mappings: mappings)
        }
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
        if value < Self.denseLimit { return dense[Int(value)] }
        return rareClass(scalar)
    }

    /// Whether an ASCII byte is a letter or a digit: the ASCII that makes words. Setting 0x20
    /// then lowercases a letter and leaves a digit as it is.
    @inline(__always)
    static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10
    }

    /// Whether an ASCII byte is a digit: where digits meet letters, a word ends.
    @inline(__always)
    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// Kept out of line, so that scanning loops stay small.
    @inline(never)
    private func rareClass(_ scalar: Unicode.Scalar) -> ScalarClass {
        Self.classify(scalar, mappings: mappings)
    }

    private static func classify(_ scalar: Unicode.Scalar, mappings: [UInt32: ScalarClass]) -> ScalarClass {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9":
            let lower = ShortUTF8(CollectionOfOne(UInt8(scalar.value) | 0x20))!
            return .word(accented: lower, folded: lower)
        case "'", "\u{2019}", "\u{2018}", "\u{02BC}":
            return .apostrophe
        default:
            break
        }
        if scalar.isASCII { return .separator }
        if let mapped = mappings[scalar.value] { return mapped }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber:
            // A lowercase mapping too long to pack (none is known) keeps the scalar as it is.
            let lower = ShortUTF8(properties.lowercaseMapping.utf8) ?? ShortUTF8(Array(String(scalar).utf8))!
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
            case .word(_, let folded): folded.append(to: &buffer)
            case .apostrophe, .mark, .separator: continue
            }
        }
    }
}
