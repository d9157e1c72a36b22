import CDeflate
import CZlib
import Synchronization

/// How document text is stored: a zlib stream behind a 4-byte little-endian length.
///
/// Text is about two thirds of an index's size uncompressed; French prose deflates to about
/// 45 %. Bodies are compressed by libdeflate at its fastest level: measured on `eltec-fr`,
/// 3 times the speed of zlib's default level for 3 % more bytes (a ratio of 0.459 against
/// 0.446), and the stream is plain zlib, so bodies written either way read alike. Compression
/// runs on the reading side of the indexing pipeline; decompression serves FTS5 (the old text
/// of a replaced or removed document, a `rebuild`) through the SQL function `furet_text`, a
/// few microseconds per document, and snippets through ``Inflater`` (zlib), which inflates
/// only the part of a body a snippet shows.
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

    /// The text length a stored body announces.
    private static func storedLength(_ stored: UnsafeRawBufferPointer) -> Int? {
        guard stored.count >= 4 else { return nil }
        return (0..<4).reduce(0) { $0 | Int(stored[$1]) << (8 * $1) }
    }

    /// Inflates a stored body into `output`, exactly its announced length, checksum verified;
    /// `false` on failure. libdeflate, which inflates whole buffers only, does it in about a
    /// third of zlib's time: this runs on SQLite's writer for every body replaced or removed.
    private static func inflate(_ stored: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        guard !output.isEmpty else { return true }
        guard let decompressor = libdeflate_alloc_decompressor() else { return false }
        defer { libdeflate_free_decompressor(decompressor) }
        var produced = 0
        let result = libdeflate_zlib_decompress(decompressor, stored.baseAddress! + 4, stored.count - 4,
                                                output.baseAddress, output.count, &produced)
        return result == LIBDEFLATE_SUCCESS && produced == output.count
    }
}

extension TextCompression {
    /// A stored body inflated front to back, only as far as its reader asks: the snippet of a
    /// long body whose best passage comes early inflates that much and no more.
    ///
    /// The text is UTF-8, unvalidated (snippets only need its words). Unlike ``decompress(_:)``,
    /// the zlib checksum is not verified, since the end of the stream is seldom reached.
    final class Inflater {
        /// The text inflated so far, from the start of the body.
        var text: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: output[..<inflated]) }
        /// Whether ``text`` is the whole body.
        var isComplete: Bool { inflated == output.count }

        private let input: UnsafeMutableRawBufferPointer
        /// The whole body's room, as announced by its stored length.
        private let output: UnsafeMutableBufferPointer<UInt8>
        private var inflated = 0
        /// Allocated so that its address never changes, as zlib requires between calls.
        private let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        private var failed = false

        /// `nil` when `stored` is not a compressed body; `stored` is copied.
        init?(stored: UnsafeRawBufferPointer) {
            guard let length = TextCompression.storedLength(stored) else { return nil }
            input = .allocate(byteCount: stored.count - 4, alignment: 1)
            input.copyMemory(from: UnsafeRawBufferPointer(rebasing: stored[4...]))
            output = .allocate(capacity: length)
            stream.initialize(to: z_stream())
            stream.pointee.next_in = input.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(input.count)
            failed = inflateInit_(stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) != Z_OK
        }

        deinit {
            inflateEnd(stream)
            stream.deallocate()
            input.deallocate()
            output.deallocate()
        }

        /// Inflates until ``text`` holds at least `count` bytes, or the whole body when it is
        /// shorter; `false` when the stored bytes turn out not to be a valid body.
        func inflate(toAtLeast count: Int) -> Bool {
            let target = min(count, output.count)
            guard !failed, target > inflated else { return !failed }
            stream.pointee.next_out = output.baseAddress! + inflated
            stream.pointee.avail_out = uInt(target - inflated)
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            inflated = target - Int(stream.pointee.avail_out)
            // The stream may end only with the body, and must go on until then.
            failed = status == Z_STREAM_END ? !isComplete : status != Z_OK || inflated < target
            return !failed
        }
    }
}
