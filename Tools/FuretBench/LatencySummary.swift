/// Percentiles of a set of latencies, in milliseconds.
struct LatencySummary: Codable {
    /// The slowest latency that still counts as acceptable for an interactive search.
    static let slowThreshold: Duration = .milliseconds(100)

    var count: Int
    var p50Ms: Double
    var p95Ms: Double
    var p99Ms: Double
    var maxMs: Double
    /// How many took longer than ``slowThreshold``.
    var over100Ms: Int
    /// How many took longer than 50 ms: issue #22's measure of the slowest queries at 1M documents.
    var over50Ms: Int

    /// The summary of `latencies`, which must not be empty. Percentiles are nearest-rank:
    /// the p99 of 400 values is the 396th smallest.
    init(_ latencies: [Duration]) {
        precondition(!latencies.isEmpty, "a latency summary needs at least one value")
        let sorted = latencies.sorted()
        func percentile(_ fraction: Double) -> Double {
            let rank = Int((fraction * Double(sorted.count)).rounded(.up))
            return sorted[max(rank, 1) - 1].milliseconds
        }
        count = sorted.count
        p50Ms = percentile(0.5)
        p95Ms = percentile(0.95)
        p99Ms = percentile(0.99)
        maxMs = sorted[sorted.count - 1].milliseconds
        over100Ms = sorted.count - (sorted.firstIndex { $0 > Self.slowThreshold } ?? sorted.count)
        over50Ms = sorted.count - (sorted.firstIndex { $0 > .milliseconds(50) } ?? sorted.count)
    }
}
