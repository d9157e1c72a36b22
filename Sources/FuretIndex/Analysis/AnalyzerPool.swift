import FuretAnalysis
import FuretLemmas
import Synchronization

/// Analyzers reused across searches or writes so their form caches stay warm: a fresh
/// analyzer computes every word's forms from scratch.
///
/// An index has one pool for queries and one for documents:
/// - at most one query per search turn (``SearchLanes``) is analysed at once; more wait their
///   turn, which keeps memory flat however many clients connect (`analyze` requests too);
/// - analyzers of documents never wait: ``DocumentAnalysis`` bounds its own workers, and a
///   worker waiting for a turn held by another write's worker, itself waiting for its writer,
///   would deadlock concurrent writes. They record the words they meet (``TokenizerEnvironment``).
/// Idle analyzers are kept for the next search or write: up to ``capacity`` for queries, four
/// for documents — the analysis workers of two writes (a bulk load analyses a batch while the
/// one before is written) and their writers helping them, so that each batch starts with warm
/// form caches (an analyzer of documents holds up to 10 MB of cached forms; `furetd` drops
/// idle ones once indexing is over, see ``dropIdle()``). Measured on eltec-fr read from
/// files, in three alternating pairs of runs on a noisy machine: 0.1–2 s less CPU with two
/// kept than with one; with two writes' workers alive at once and two kept, a third of the
/// analysis of the 100k growth corpus went to computing forms again in fresh analyzers.
///
/// `@unchecked Sendable` for the analyzers it holds: an analyzer is handed to one search at
/// a time and only touched again after it is returned.
final class AnalyzerPool: @unchecked Sendable {
    static let capacity = 4

    /// Turns to analyse, for queries only, in the order asked.
    private let turns: FairTurns?

    /// The idle analyzers; `@unchecked Sendable` as the pool's own invariant above.
    private struct Idle: @unchecked Sendable {
        var analyzers: [FrenchAnalyzer] = []
    }

    private let idle = Mutex(Idle())
    /// Where analyzers of documents record the words they meet; `nil` for queries.
    private let vocabularies: TokenizerEnvironment?

    /// How many idle analyzers are kept.
    private let idleLimit: Int

    private init(turns: FairTurns?, idleLimit: Int, vocabularies: TokenizerEnvironment?) {
        self.turns = turns
        self.idleLimit = idleLimit
        self.vocabularies = vocabularies
    }

    static func forQueries() -> AnalyzerPool {
        AnalyzerPool(turns: FairTurns(SearchLanes.total), idleLimit: capacity, vocabularies: nil)
    }

    static func forDocuments(recordingIn vocabularies: TokenizerEnvironment) -> AnalyzerPool {
        AnalyzerPool(turns: nil, idleLimit: 4, vocabularies: vocabularies)
    }

    /// Runs `body` with an analyzer of its own.
    func withAnalyzer<T>(_ body: (FrenchAnalyzer) throws -> T) throws -> T {
        turns?.acquire()
        defer { turns?.release() }
        let analyzer = try take()
        defer { putBack(analyzer) }
        return try body(analyzer)
    }

    /// An analyzer for the caller alone until it calls ``putBack(_:)``: for pools of
    /// documents, whose analyzers wait for no turn, and a caller whose use spans calls.
    func take() throws -> FrenchAnalyzer {
        let reused = idle.withLock { Idle(analyzers: $0.analyzers.popLast().map { [$0] } ?? []) }
        return try reused.analyzers.first ?? makeAnalyzer()
    }

    /// Returns an analyzer from ``take()``: kept for the next caller, or dropped when enough
    /// are idle.
    func putBack(_ analyzer: FrenchAnalyzer) {
        let returned = Idle(analyzers: [analyzer])
        idle.withLock { idle in
            if idle.analyzers.count < idleLimit { idle.analyzers += returned.analyzers }
        }
    }

    /// Drops the idle analyzers and their cached forms (up to 10 MB each for documents).
    func dropIdle() {
        idle.withLock { $0.analyzers.removeAll() }
    }

    private func makeAnalyzer() throws -> FrenchAnalyzer {
        let analyzer = try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache())
        if let vocabularies {
            analyzer.onNewWord = { vocabularies.record(accented: $0, folded: $1) }
        }
        return analyzer
    }
}
