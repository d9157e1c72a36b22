import CDeflate
import CZlib
import Synchronization

/// How document text is stored: a zlib stream behind a 4-byte little-endian length.
///
/// Text is about two thirds of an index's size uncompressed; French prose deflates to about
/// 45 %. Bodies are compressed by libdeflate at its fastest level: measured on `eltec-fr`,
/// 3 times the speed of zlib's default level for 3 % more bytes (a ratio of 0.459 against
/// 0.446), and the stream is plain zlib, so bodies written either way read alike. Compression
/// runs on the reading side of the indexing pipeline; decompression serves FTS5 (snippets,
/// deletions) through the SQL function `furet_text`, a few microseconds per document.
enum TextCompression {
    /// libdeflate's level: 1 of 12, its fastest.
    static let level: Int32 = 1

    static func compress(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { source in
            let compressor = Compressor.take()
            defer { compressor.putBack() }
            return compress(source, with: compressor.pointer)
        }
    }

    private static func compress(_ source: UnsafeBufferPointer<UInt8>, with compressor: OpaquePointer) -> [UInt8] {
        let capacity = libdeflate_zlib_compress_bound(compressor, source.count)
        var output = [UInt8](repeating: 0, count: 4 + capacity)
        let length = UInt32(source.count)
        for shift in 0..<4 { output[shift] = UInt8(truncatingIfNeeded: length >> (8 * shift)) }
        let produced = output.withUnsafeMutableBufferPointer { buffer in
            libdeflate_zlib_compress(compressor, source.baseAddress, source.count, buffer.baseAddress! + 4, capacity)
        }
        precondition(produced > 0, "libdeflate cannot fail with a buffer of its compress bound")
        output.removeSubrange((4 + produced)...)
        return output
    }

    /// A libdeflate compressor. Allocating one costs more than compressing a paragraph, and
    /// one must not be used by two threads at once: idle ones wait in a small pool.
    ///
    /// `@unchecked Sendable`: a compressor is used by one caller between ``take()`` and
    /// ``putBack()``.
    private struct Compressor: @unchecked Sendable {
        static let idleLimit = 8
        private static let idle = Mutex<[Compressor]>([])

        let pointer: OpaquePointer

        static func take() -> Compressor {
            idle.withLock { $0.popLast() } ?? Compressor(pointer: libdeflate_alloc_compressor(level)!)
        }

        func putBack() {
            let kept = Self.idle.withLock { idle in
                guard idle.count < Self.idleLimit else { return false }
                idle.append(self)
                return true
            }
            if !kept { libdeflate_free_compressor(pointer) }
        }
    }

    /// The text of a stored body, or `nil` when the bytes are not a valid compressed body.
    static func decompress(_ stored: UnsafeRawBufferPointer) -> String? {
        guard let length = storedLength(stored) else { return nil }
        var failed = false
        let text = String(unsafeUninitializedCapacity: length) { output in
            failed = !inflate(stored, into: output)
            return failed ? 0 : length
        }
        return failed ? nil : text
    }

    /// The UTF-8 bytes of a stored body, unvalidated (for snippets, which only need words),
    /// or `nil` when the bytes are not a valid compressed body.
    static func decompressBytes(_ stored: UnsafeRawBufferPointer) -> [UInt8]? {
        guard let length = storedLength(stored) else { return nil }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: length) { output, count in
            failed = !inflate(stored, into: output)
            count = failed ? 0 : length
        }
        return failed ? nil : bytes
    }

    /// The text length a stored body announces.
    private static func storedLength(_ stored: UnsafeRawBufferPointer) -> Int? {
        guard stored.count >= 4 else { return nil }
        return (0..<4).reduce(0) { $0 | Int(stored[$1]) << (8 * $1) }
    }

    /// Inflates a stored body into `output`, exactly its announced length; `false` on failure.
    private static func inflate(_ stored: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard !output.isEmpty else { return true }
        var produced = uLong(output.count)
        let status = uncompress(output.baseAddress, &produced, stored.baseAddress!.assumingMemoryBound(to: UInt8.self) + 4,
                                uLong(stored.count - 4))
        return status == Z_OK && Int(produced) == output.count
    }
}
