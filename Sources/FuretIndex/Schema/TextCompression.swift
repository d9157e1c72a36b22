import CDeflate
import Synchronization

/// How document text is stored: compressed in blocks that decompress on their own, so that a
/// snippet reads and decompresses the block or two it shows, not the body up to there.
///
/// Layout (integers are 32-bit little-endian):
///
/// | bytes | content |
/// | --- | --- |
/// | 4 | the text's length in bytes, `L` |
/// | 4 | the block size `B`: block `k` holds text bytes `k·B ..< min((k+1)·B, L)` |
/// | 4 per block | where each block's compressed bytes end, counted from the first block's start |
/// | … | the blocks, each a zlib stream |
///
/// Text is about two thirds of an index's size uncompressed; French prose deflates to about
/// 45 %. Blocks are compressed by libdeflate at its fastest level (3 times the speed of zlib's
/// default level for 3 % more bytes on `eltec-fr`). Measured on `eltec-fr` and `debian-fr`:
/// blocks of 4 KiB take 4.6 % of the text more than one stream per body (deflate's window
/// restarts with each block; 8 KiB blocks: 2 %), and bring a page of ten snippets from 0.38
/// to 0.33 ms (8 KiB blocks: no gain, each decompresses in about 10 µs). Compression runs on
/// the reading side of the indexing pipeline; decompressing a whole body serves FTS5 (the old
/// text of a replaced or removed document, a `rebuild`) through the SQL function
/// `furet_text`, and ``StoredText`` serves snippets.
enum TextCompression {
    /// libdeflate's level: 1 of 12, its fastest.
    static let level: Int32 = 1
    /// Text bytes per block.
    static let blockSize = 4 << 10

    static func compress(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { source in
            let compressor = Compressor.take()
            defer { compressor.putBack() }
            return compress(source, with: compressor.pointer)
        }
    }

    private static func compress(_ source: UnsafeBufferPointer<UInt8>, with compressor: OpaquePointer) -> [UInt8] {
        let blockCount = (source.count + blockSize - 1) / blockSize
        let tableSize = 8 + 4 * blockCount
        // Every block fits in its compress bound: the blocks are written in place, one after
        // the other, and the array ends where the last one does.
        let capacity = tableSize + blockCount * libdeflate_zlib_compress_bound(compressor, blockSize)
        return [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
            setUInt32(source.count, at: 0, in: output)
            setUInt32(blockSize, at: 4, in: output)
            var end = tableSize
            for block in 0..<blockCount {
                let text = UnsafeBufferPointer(rebasing: source[(block * blockSize)..<min((block + 1) * blockSize, source.count)])
                let produced = libdeflate_zlib_compress(compressor, text.baseAddress, text.count, output.baseAddress! + end, capacity - end)
                precondition(produced > 0, "libdeflate cannot fail with a buffer of its compress bound")
                end += produced
                setUInt32(end - tableSize, at: 8 + 4 * block, in: output)
            }
            count = end
        }
    }

    private static func setUInt32(_ value: Int, at offset: Int, in bytes: UnsafeMutableBufferPointer<UInt8>) {
        for shift in 0..<4 { bytes[offset + shift] = UInt8(truncatingIfNeeded: value >> (8 * shift)) }
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

    /// The text of a stored body, or `nil` when the bytes are not a valid stored body.
    static func decompress(_ stored: UnsafeRawBufferPointer) -> String? {
        guard let text = StoredText(stored: InMemoryBytes(bytes: stored)) else { return nil }
        guard text.load(from: 0, toAtLeast: text.length) else { return nil }
        return String(decoding: text.text, as: UTF8.self)
    }
}
