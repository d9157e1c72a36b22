import Dispatch
import FuretAnalysis
import FuretLemmas
import Synchronization

/// Analyzers reused across searches or writes so their form caches stay warm: a fresh
/// analyzer computes every word's forms from scratch.
///
/// At most ``capacity`` analyzers work at once (there are two cores and four database
/// readers); more wait their turn, which keeps memory flat however many clients connect.
/// An index has one pool for queries and one for documents, whose analyzers record the
/// accented spellings they meet.
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
    /// Where analyzers of documents record accented spellings; `nil` for queries.
    private let accents: AccentVocabulary?

    init(recordingAccentsIn accents: AccentVocabulary? = nil) {
        self.accents = accents
    }

    /// Runs `body` with an analyzer of its own.
    func withAnalyzer<T>(_ body: (FrenchAnalyzer) throws -> T) throws -> T {
        turns.wait()
        defer { turns.signal() }
        let reused = idle.withLock { Idle(analyzers: $0.analyzers.popLast().map { [$0] } ?? []) }
        let analyzer = try reused.analyzers.first ?? makeAnalyzer()
        defer {
            let returned = Idle(analyzers: [analyzer])
            idle.withLock { idle in
                if idle.analyzers.count < Self.capacity { idle.analyzers += returned.analyzers }
            }
        }
        return try body(analyzer)
    }

    private func makeAnalyzer() throws -> FrenchAnalyzer {
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        if let accents {
            analyzer.onAccentedWord = { accents.record(accented: $0, folded: $1) }
        }
        return analyzer
    }
}
