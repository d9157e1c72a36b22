/// The median and range of repeated measurements.
struct Spread: Codable {
    var median: Double
    var min: Double
    var max: Double

    /// The spread of `values`, which must not be empty; the median of an even count is the
    /// mean of the two middle values.
    init(_ values: [Double]) {
        precondition(!values.isEmpty, "a spread needs at least one value")
        let sorted = values.sorted()
        let middle = sorted.count / 2
        median = sorted.count.isMultiple(of: 2) ? (sorted[middle - 1] + sorted[middle]) / 2 : sorted[middle]
        min = sorted[0]
        max = sorted[sorted.count - 1]
    }
}
