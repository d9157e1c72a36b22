import CDeflate

/// Reads a file into an ``IndexedDocument``: bytes, encoding, format, title and body.
public struct DocumentReader: Sendable {
    /// Files larger than this are skipped (64 MiB by default).
    public var maxFileBytes: Int

    /// The largest file any limit lets through: SQLite stores at most 1,000,000,000 bytes in
    /// a value (`SQLITE_MAX_LENGTH`), and stored bodies count their text in 32 bits.
    public static let largestFileBytes = 512 << 20

    /// `maxFileBytes` is capped at ``largestFileBytes``.
    public init(maxFileBytes: Int = 64 << 20) {
        self.maxFileBytes = min(maxFileBytes, Self.largestFileBytes)
    }

    /// Whether Furet indexes files with this path's extension.
    public func supports(_ path: String) -> Bool {
        DocumentFormats.format(forPath: path) != nil
    }

    /// The document at `path`, whose size and mtime are `stamp`.
    public func read(_ path: String, stamp: FileStamp) throws(FileSkipReason) -> IndexedDocument {
        guard let format = DocumentFormats.format(forPath: path) else { throw .unsupportedFormat }
        let bytes = try FileSystem.read(path, limit: maxFileBytes)
        let isUTF16 = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
        if !isUTF16, bytes.contains(0) { throw .binary }
        let (text, encoding) = TextDecoding.decode(bytes)
        let extracted = format.extract(text)
        return IndexedDocument(
            path: path, title: extracted.title, body: extracted.body, storedBody: TextCompression.compress(extracted.body),
            size: stamp.size, mtime: stamp.mtime,
            hash: ContentHash.hex(of: bytes), encoding: encoding, format: format.name
        )
    }
}

/// A fast non-cryptographic fingerprint of file content, to tell whether a file whose mtime
/// changed really changed: its CRC-32 and its Adler-32 (libdeflate's, several GB/s), as 16
/// hex digits. Up to format 4 it was a 64-bit FNV-1a, which went a byte at a time (1 % of a
/// bulk load's CPU time); an older row's value never matches a new one.
enum ContentHash {
    static func hex(of bytes: [UInt8]) -> String {
        let (crc, adler) = bytes.withUnsafeBytes { raw in
            (libdeflate_crc32(0, raw.baseAddress, raw.count), libdeflate_adler32(1, raw.baseAddress, raw.count))
        }
        let digits = String(UInt64(crc) << 32 | UInt64(adler), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
