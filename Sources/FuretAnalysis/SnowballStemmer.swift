import CStemmer

/// Snowball's French stemmer (Debian's `libstemmer`), on UTF-8 bytes.
///
/// Not thread-safe: Snowball keeps its working buffer inside the stemmer, so each
/// analyzer (one per SQLite connection) owns one.
final class SnowballStemmer {
    private let stemmer: OpaquePointer

    init() throws(AnalyzerError) {
        // "UTF_8" is libstemmer's spelling; "UTF-8" returns NULL.
        guard let stemmer = sb_stemmer_new("french", "UTF_8") else {
            throw AnalyzerError.stemmerUnavailable
        }
        self.stemmer = stemmer
    }

    deinit {
        sb_stemmer_delete(stemmer)
    }

    /// Calls `body` with the stem of the lowercase UTF-8 `word`; the buffer is valid only inside `body`.
    func withStem<R>(of word: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let stem = word.withUnsafeBufferPointer { buffer in
            sb_stemmer_stem(stemmer, buffer.baseAddress, Int32(buffer.count))
        }
        guard let stem else {
            // Out of memory inside Snowball: the word itself is the best stem we have.
            return word.withUnsafeBufferPointer(body)
        }
        return body(UnsafeBufferPointer(start: stem, count: Int(sb_stemmer_length(stemmer))))
    }

    /// The stem of `word`, as a string.
    func stem(_ word: String) -> String {
        withStem(of: Array(word.utf8)) { String(decoding: $0, as: UTF8.self) }
    }
}
