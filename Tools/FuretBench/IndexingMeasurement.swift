/// One timed indexing of a corpus.
struct IndexingMeasurement: Codable {
    var seconds: Double
    /// The text indexed (file sizes).
    var textBytes: Int
    /// The database once closed.
    var indexBytes: Int
    /// The database once its full-text segments are merged into one (FTS5's `optimize`, what
    /// `furetd` does once idle after a bulk load) and closed; `nil` when not measured.
    var mergedIndexBytes: Int? = nil

    /// Throughput in MB (10^6 bytes) of text per second.
    var megabytesPerSecond: Double { Double(textBytes) / 1e6 / seconds }
    var indexToText: Double { Double(indexBytes) / Double(textBytes) }
    var mergedIndexToText: Double? { mergedIndexBytes.map { Double($0) / Double(textBytes) } }
}
