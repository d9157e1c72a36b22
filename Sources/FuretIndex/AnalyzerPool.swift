import Dispatch
import FuretAnalysis
import FuretLemmas
import Synchronization

/// Query-side analyzers, reused across searches so their form caches stay warm: a fresh
/// analyzer would compute every word of every snippet from scratch (milliseconds per hit).
///
/// At most ``capacity`` searches analyse at once (there are two cores and four database
/// readers); more wait their turn, which keeps memory flat however many clients connect.
///
/// `@unchecked Sendable` for the analyzers it holds: an analyzer is handed to one search at
/// a time and only touched again after it is returned.
final class AnalyzerPool: @unchecked Sendable {
    static let capacity = 4

    private let turns = DispatchSemaphore(value: capacity)

    /// The idle analyzers; `@unchecked Sendable` as the pool's own invariant above.
    private struct Idle: @unchecked Sendable {
        var analyzers: [FrenchAnalyzer] = []
    }

    private let idle = Mutex(Idle())

    /// Runs `body` with an analyzer of its own.
    func withAnalyzer<T>(_ body: (FrenchAnalyzer) throws -> T) throws -> T {
        turns.wait()
        defer { turns.signal() }
        let reused = idle.withLock { Idle(analyzers: $0.analyzers.popLast().map { [$0] } ?? []) }
        let analyzer = try reused.analyzers.first ?? FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        defer {
            let returned = Idle(analyzers: [analyzer])
            idle.withLock { idle in
                if idle.analyzers.count < Self.capacity { idle.analyzers += returned.analyzers }
            }
        }
        return try body(analyzer)
    }
}
