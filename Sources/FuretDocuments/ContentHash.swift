import CDeflate

/// A fast non-cryptographic fingerprint of file content, to tell whether a file whose mtime
/// changed really changed: its CRC-32 then its Adler-32 (libdeflate's, several GB/s), as one
/// 64-bit value. Up to format 4 it was a 64-bit FNV-1a, which went a byte at a time (1 % of a
/// bulk load's CPU time); an older row's value never matches a new one.
enum ContentHash {
    static func of(_ bytes: [UInt8]) -> UInt64 {
        let (crc, adler) = bytes.withUnsafeBytes { raw in
            (libdeflate_crc32(0, raw.baseAddress, raw.count), libdeflate_adler32(1, raw.baseAddress, raw.count))
        }
        return UInt64(crc) << 32 | UInt64(adler)
    }
}
