import CDeflate

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
/// or, for a short text compressed with the index's dictionary (since format 14):
///
/// | bytes | content |
/// | --- | --- |
/// | 4 | 2³¹ + the dictionary's id (``BodyDictionary/id``, below 2³¹): no text's length has this bit |
/// | … | one zstd frame of the whole text, without zstd's magic number, the text's length or the dictionary's id |
///
/// Formats 11 to 13 stored such a text as its length `L`, then 2³¹ + the dictionary's id (no
/// block size has this bit), then a zstd frame with its magic number and `L`: 8 bytes more a
/// body (a paragraph of the growth corpus takes about 210), which a million paragraphs spent
/// as 9 MB. Those bodies are still read as they are.
///
/// Text is about two thirds of an index's size uncompressed; French prose deflates to about
/// 45 %. Blocks are compressed by libdeflate at its fastest level (3 times the speed of zlib's
/// default level for 3 % more bytes on `eltec-fr`). Measured on `eltec-fr` and `debian-fr`:
/// blocks of 4 KiB take 4.6 % of the text more than one stream per body (deflate's window
/// restarts with each block; 8 KiB blocks: 2 %), and bring a page of ten snippets from 0.38
/// to 0.33 ms (8 KiB blocks: no gain, each decompresses in about 10 µs). Compression runs on
/// the analysis workers, beside each body's analysis (``StoredBody``); decompressing a whole
/// body serves FTS5 (the old text of a replaced or removed document, a `rebuild`) through the
/// SQL function `furet_text`, and ``StoredText`` serves snippets.
enum TextCompression {
    /// libdeflate's level: 1 of 12, its fastest.
    static let level: Int32 = 1
    /// Text bytes per block.
    static let blockSize = 4 << 10

    /// Stored bodies up to this many bytes of text are compressed with the index's dictionary
    /// when it has one (see ``BodyDictionary``): one block, which deflate alone hardly
    /// compresses (a 440-byte paragraph to 0.64 of its size, against 0.44 with a dictionary).
    static let dictionaryLimit = blockSize

    /// The stored form of `text`: in blocks, or with `dictionary` when it is given and the
    /// text fits ``dictionaryLimit``.
    static func compress(_ text: String, dictionary: BodyDictionary? = nil) -> [UInt8] {
        var text = text
        return text.withUTF8 { source in
            if let dictionary, source.count <= dictionaryLimit, let stored = dictionary.store(source) { return stored }
            guard let stored = compressors.withContext({ compress(source, with: $0) }) else {
                preconditionFailure("libdeflate cannot allocate a compressor")
            }
            return stored
        }
    }

    /// Allocating a compressor costs more than compressing a paragraph.
    private static let compressors = ContextPool(make: { libdeflate_alloc_compressor(level) },
                                                 free: { libdeflate_free_compressor($0) })

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

    /// The text of a stored body, or `nil` when the bytes are not a valid stored body.
    static func decompress(_ stored: UnsafeRawBufferPointer) -> String? {
        guard let text = StoredText(stored: InMemoryBytes(bytes: stored)) else { return nil }
        guard text.load(from: 0, toAtLeast: text.length) else { return nil }
        return String(decoding: text.text, as: UTF8.self)
    }
}
