/// The character encodings Furet reads, as recorded in the index.
public enum TextEncoding: String, Sendable, Codable, CaseIterable {
    case utf8 = "utf-8"
    case utf8BOM = "utf-8-bom"
    case utf16LE = "utf-16le"
    case utf16BE = "utf-16be"
    case windows1252 = "windows-1252"
}

/// Turns file bytes into text: UTF-8 (with or without BOM), UTF-16 with a BOM, otherwise
/// Windows-1252 — the legacy encoding of French files, a superset of ISO-8859-1 in which
/// `’` is 0x92 and `œ` is 0x9C.
package enum TextDecoding {
    /// The text of a text file's `bytes` and the encoding it was read with.
    ///
    /// - Throws: ``ExtractionFailure/binary`` when the bytes hold a NUL and no UTF-16
    ///   byte-order mark: not a text file, whatever its name says.
    static func decodeText(_ bytes: [UInt8]) throws(ExtractionFailure) -> (text: String, encoding: TextEncoding) {
        let isUTF16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        if !isUTF16, bytes.contains(0) { throw .binary }
        return decode(bytes)
    }

    /// The text of `bytes` and the encoding it was read with.
    package static func decode(_ bytes: [UInt8]) -> (text: String, encoding: TextEncoding) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            return (String(decoding: bytes.dropFirst(3), as: UTF8.self), .utf8BOM)
        }
        if bytes.starts(with: [0xFF, 0xFE]) {
            return (decodeUTF16(bytes.dropFirst(2), bigEndian: false), .utf16LE)
        }
        if bytes.starts(with: [0xFE, 0xFF]) {
            return (decodeUTF16(bytes.dropFirst(2), bigEndian: true), .utf16BE)
        }
        if let text = String(validating: bytes, as: UTF8.self) {
            return (text, .utf8)
        }
        return (decodeWindows1252(bytes), .windows1252)
    }

    private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool) -> String {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index + 1 < bytes.endIndex {
            let (first, second) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(bigEndian ? first << 8 | second : second << 8 | first)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Windows-1252's 0x80–0x9F block; the rest of the byte range is ISO-8859-1 (= U+00xx).
    /// The five undefined bytes map to U+FFFD.
    private static let windows1252High: [Unicode.Scalar] = [
        "\u{20AC}", "\u{FFFD}", "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", "\u{FFFD}", "\u{017D}", "\u{FFFD}",
        "\u{FFFD}", "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", "\u{FFFD}", "\u{017E}", "\u{0178}",
    ]

    package static func decodeWindows1252(_ bytes: [UInt8]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            switch byte {
            case 0x80...0x9F: scalars.append(windows1252High[Int(byte - 0x80)])
            default: scalars.append(Unicode.Scalar(byte))
            }
        }
        return String(scalars)
    }
}
