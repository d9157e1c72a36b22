/// One timed indexing of a corpus.
struct IndexingMeasurement: Codable {
    var seconds: Double
    /// The text indexed (file sizes).
    var textBytes: Int
    /// The database once closed.
    var indexBytes: Int

    /// Throughput in MB (10^6 bytes) of text per second.
    var megabytesPerSecond: Double { Double(textBytes) / 1e6 / seconds }
    var indexToText: Double { Double(indexBytes) / Double(textBytes) }
}
