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

/// Where a stored body's bytes are read from: memory, or the database in place
/// (``BodyBlob``).
protocol StoredBytes {
    var count: Int { get }
    /// Copies the bytes at `offset` into `buffer`, filling it; `false` when they cannot be read.
    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool
}

/// Stored bytes already in memory, borrowed for as long as they are read.
struct InMemoryBytes: StoredBytes {
    let bytes: UnsafeRawBufferPointer

    var count: Int { bytes.count }

    func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        guard offset >= 0, offset + buffer.count <= bytes.count else { return false }
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + buffer.count)]))
        return true
    }
}

/// A stored body decompressed a block at a time, as far as its reader asks: ``text`` holds
/// the body's bytes from ``start`` (where a block starts) to ``end``.
///
/// The text is UTF-8, unvalidated: a block may start or end inside a character, and snippets
/// only need whole words.
final class StoredText {
    /// The whole body's length in bytes.
    let length: Int
    /// Where the text in ``text`` starts in the body.
    private(set) var start = 0
    /// Where the text in ``text`` ends in the body.
    var end: Int { start + decompressed }
    /// The body's bytes from ``start`` to ``end``.
    var text: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[..<decompressed]) }

    private let source: any StoredBytes
    private let blockSize: Int
    private let blockCount: Int
    private var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0)
    private var decompressed = 0
    private var compressed: [UInt8] = []
    private let decompressor: OpaquePointer

    /// Reads the header of the body in `source`; `nil` when it is not a stored body.
    init?(stored source: some StoredBytes) {
        var header = [UInt8](repeating: 0, count: 8)
        guard header.withUnsafeMutableBytes({ source.read(into: $0, at: 0) }) else { return nil }
        length = Self.uInt32(header, at: 0)
        blockSize = Self.uInt32(header, at: 4)
        guard blockSize > 0 else { return nil }
        blockCount = (length + blockSize - 1) / blockSize
        guard 8 + 4 * blockCount <= source.count, let decompressor = libdeflate_alloc_decompressor() else { return nil }
        self.source = source
        self.decompressor = decompressor
    }

    deinit {
        libdeflate_free_decompressor(decompressor)
        buffer.deallocate()
    }

    /// Decompresses the blocks from the one holding `offset` until ``end`` reaches `target`,
    /// or the body's end; `false` when the stored bytes turn out to be corrupt. Text already
    /// there is kept when it starts at or before `offset`.
    func load(from offset: Int, toAtLeast target: Int) -> Bool {
        let offset = max(0, min(offset, length))
        if offset < start || offset > end {
            start = offset / blockSize * blockSize
            decompressed = 0
        }
        reserve(min(target, length) - start)
        while end < min(target, length) {
            guard decompressBlock(end / blockSize) else { return false }
        }
        return true
    }

    /// Appends block `block`, which starts at ``end``, to ``text``.
    private func decompressBlock(_ block: Int) -> Bool {
        let blockLength = min(blockSize, length - block * blockSize)
        guard let range = compressedRange(of: block) else { return false }
        if compressed.count < range.count { compressed = [UInt8](repeating: 0, count: range.count) }
        reserve(decompressed + blockLength)
        var produced = 0
        let result = compressed.withUnsafeMutableBytes { input -> libdeflate_result? in
            let input = UnsafeMutableRawBufferPointer(rebasing: input[..<range.count])
            guard source.read(into: input, at: range.lowerBound) else { return nil }
            return libdeflate_zlib_decompress(decompressor, input.baseAddress, input.count,
                                              buffer.baseAddress! + decompressed, blockLength, &produced)
        }
        guard result == LIBDEFLATE_SUCCESS, produced == blockLength else { return false }
        decompressed += blockLength
        return true
    }

    /// Where block `block`'s compressed bytes are in the stored body.
    private func compressedRange(of block: Int) -> Range<Int>? {
        let blocksStart = 8 + 4 * blockCount
        var ends = [UInt8](repeating: 0, count: 8)
        let entries = block == 0 ? 1 : 2
        let entry = 8 + 4 * (block + 1 - entries)
        guard ends.withUnsafeMutableBytes({ source.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[..<(4 * entries)]), at: entry) })
        else { return nil }
        let lower = blocksStart + (block == 0 ? 0 : Self.uInt32(ends, at: 0))
        let upper = blocksStart + Self.uInt32(ends, at: 4 * (entries - 1))
        guard lower < upper, upper <= source.count else { return nil }
        return lower..<upper
    }

    private func reserve(_ capacity: Int) {
        guard capacity > buffer.count else { return }
        let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(capacity, 2 * buffer.count))
        _ = larger.initialize(fromContentsOf: buffer[..<decompressed])
        buffer.deallocate()
        buffer = larger
    }

    private static func uInt32(_ bytes: [UInt8], at offset: Int) -> Int {
        (0..<4).reduce(0) { $0 | Int(bytes[offset + $1]) << (8 * $1) }
    }
}
