import CZlib

/// How document text is stored: zlib-compressed, behind a 4-byte little-endian length.
///
/// Text is about two thirds of an index's size uncompressed; French prose deflates to about
/// a third. Compression runs on the reading side of the indexing pipeline (in parallel with
/// SQLite's writer); decompression serves FTS5 (snippets, deletions) through the SQL
/// function `furet_text`, a few microseconds per document.
enum TextCompression {
    static func compress(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { source in
            var capacity = compressBound(uLong(source.count))
            var output = [UInt8](repeating: 0, count: 4 + Int(capacity))
            let length = UInt32(source.count)
            for shift in 0..<4 { output[shift] = UInt8(truncatingIfNeeded: length >> (8 * shift)) }
            let status = output.withUnsafeMutableBufferPointer { buffer in
                compress2(buffer.baseAddress! + 4, &capacity, source.baseAddress, uLong(source.count), Z_DEFAULT_COMPRESSION)
            }
            precondition(status == Z_OK, "compress2 cannot fail with a buffer of compressBound bytes")
            output.removeSubrange((4 + Int(capacity))...)
            return output
        }
    }

    /// The text of a stored body, or `nil` when the bytes are not a valid compressed body.
    static func decompress(_ stored: UnsafeRawBufferPointer) -> String? {
        guard stored.count >= 4 else { return nil }
        let length = (0..<4).reduce(0) { $0 | Int(stored[$1]) << (8 * $1) }
        guard length > 0 else { return "" }
        var failed = false
        let text = String(unsafeUninitializedCapacity: length) { output in
            var produced = uLong(length)
            let status = uncompress(output.baseAddress, &produced, stored.baseAddress!.assumingMemoryBound(to: UInt8.self) + 4, uLong(stored.count - 4))
            failed = status != Z_OK || Int(produced) != length
            return failed ? 0 : length
        }
        return failed ? nil : text
    }
}
