import CDeflate

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
    /// 0 for a body compressed with a dictionary, which is all in ``text`` from the start.
    private let blockCount: Int
    private var buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0)
    private var decompressed = 0
    private var compressed: [UInt8] = []
    /// libdeflate's, for a body in blocks.
    private let decompressor: OpaquePointer?

    /// Reads the header of the body in `source`; `nil` when it is not a stored body. A body
    /// compressed with a dictionary (one short text) is decompressed whole here; `nil` when
    /// its dictionary is not registered or its bytes are corrupt.
    init?(stored source: some StoredBytes) {
        // Every layout's header is within its first 8 bytes, and every stored body has 8.
        var header = [UInt8](repeating: 0, count: 8)
        guard header.withUnsafeMutableBytes({ source.read(into: $0, at: 0) }) else { return nil }
        self.source = source
        let first = UInt32(Self.uInt32(header, at: 0))
        if first & BodyDictionary.flag != 0 {
            // Format 14: the frame follows the dictionary's id, and ends with the text.
            guard let length = Self.decompress(source, frameAt: 4, dictionary: first & ~BodyDictionary.flag,
                                               magicless: true, upTo: TextCompression.dictionaryLimit, into: &buffer)
            else { return nil }
            self.length = length
            (blockSize, blockCount, decompressor, decompressed) = (max(length, 1), 0, nil, length)
            return
        }
        length = Int(first)
        let second = UInt32(Self.uInt32(header, at: 4))
        if second & BodyDictionary.flag != 0 {
            // Formats 11 to 13: the length, then the dictionary's id, then a whole zstd frame.
            guard length <= TextCompression.dictionaryLimit,
                  Self.decompress(source, frameAt: 8, dictionary: second & ~BodyDictionary.flag,
                                  magicless: false, upTo: length, into: &buffer) == length
            else { return nil }
            (blockSize, blockCount, decompressor, decompressed) = (max(length, 1), 0, nil, length)
            return
        }
        blockSize = Int(second)
        guard blockSize > 0 else { return nil }
        blockCount = (length + blockSize - 1) / blockSize
        guard 8 + 4 * blockCount <= source.count, let decompressor = libdeflate_alloc_decompressor() else { return nil }
        self.decompressor = decompressor
    }

    /// Decompresses the zstd frame from byte `offset` of `source` to its end, compressed with
    /// dictionary `id`, into a new `buffer` of `capacity` bytes (the old one is freed); the
    /// text's length, `nil` when the dictionary is not registered or the frame is corrupt.
    private static func decompress(
        _ source: some StoredBytes, frameAt offset: Int, dictionary id: UInt32, magicless: Bool, upTo capacity: Int,
        into buffer: inout UnsafeMutableBufferPointer<UInt8>
    ) -> Int? {
        guard let dictionary = BodyDictionary.registered(id) else { return nil }
        var frame = [UInt8](repeating: 0, count: max(0, source.count - offset))
        guard frame.withUnsafeMutableBytes({ source.read(into: $0, at: offset) }) else { return nil }
        buffer.deallocate()
        buffer = .allocate(capacity: capacity)
        return frame.withUnsafeBytes { dictionary.decompress($0, magicless: magicless, into: buffer) }
    }

    deinit {
        if let decompressor { libdeflate_free_decompressor(decompressor) }
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
        guard let decompressor, let range = compressedRange(of: block) else { return false }
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
