/// Decodes one Unicode scalar from UTF-8 bytes without allocating.
///
/// Invalid sequences (stray continuation bytes, overlong forms, surrogates, truncated
/// sequences) decode as `nil` with a length of one byte, so a caller can skip exactly
/// one byte and resynchronise: invalid UTF-8 never stops analysis, it only separates words.
enum UTF8Scalar {
    /// The scalar starting at `index` and its length in bytes, or `nil` and 1 when invalid.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar?, length: Int) {
        let b0 = bytes[index]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let count = bytes.count
        func continuation(_ offset: Int) -> UInt32? {
            let i = index + offset
            guard i < count else { return nil }
            let b = bytes[i]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        switch b0 {
        case 0xC2...0xDF:
            guard let c1 = continuation(1) else { return (nil, 1) }
            return (Unicode.Scalar(UInt32(b0 & 0x1F) << 6 | c1), 2)
        case 0xE0...0xEF:
            guard let c1 = continuation(1), let c2 = continuation(2) else { return (nil, 1) }
            let value = UInt32(b0 & 0x0F) << 12 | c1 << 6 | c2
            guard value >= 0x800, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
            return (scalar, 3)
        case 0xF0...0xF4:
            guard let c1 = continuation(1), let c2 = continuation(2), let c3 = continuation(3) else { return (nil, 1) }
            let value = UInt32(b0 & 0x07) << 18 | c1 << 12 | c2 << 6 | c3
            guard value >= 0x10000, let scalar = Unicode.Scalar(value) else { return (nil, 1) }
            return (scalar, 4)
        default:
            return (nil, 1)
        }
    }
}
