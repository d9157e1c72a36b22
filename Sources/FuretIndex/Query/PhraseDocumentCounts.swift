import GRDB
import Synchronization

/// How many documents hold each query phrase, remembered across searches until documents
/// change. Ranking needs them (BM25's IDF), and counting one costs a pass over every
/// document holding it: for frequent words, a good part of a search.
///
/// Keyed by the phrase's FTS5 expression (column filter included). Every commit that
/// changes the `documents` table starts a new generation, which empties the cache; a search
/// only stores the counts it made when no such commit happened since it began.
final class PhraseDocumentCounts: Sendable {
    /// Phrases remembered at most; past it the cache starts again empty.
    static let capacity = 50_000

    private struct State {
        var generation = 0
        var counts: [String: Int64] = [:]
    }

    private let state = Mutex(State())
    private let generationCounter = Atomic<Int>(0)

    /// The current generation: read it before a search's read transaction begins.
    var generation: Int { generationCounter.load(ordering: .acquiring) }

    /// The known count of each phrase, -1 where unknown.
    func counts(of phrases: [String]) -> [Int64] {
        let current = generation
        return state.withLock { state in
            if state.generation != current { state = State(generation: current) }
            return phrases.map { state.counts[$0] ?? -1 }
        }
    }

    /// Stores counts made by a search that began at `generation`.
    func remember(_ phrases: [String], counts: [Int64], asOf generation: Int) {
        state.withLock { state in
            guard state.generation == generation, generation == self.generation else { return }
            if state.counts.count + phrases.count > Self.capacity { state.counts.removeAll() }
            for (phrase, count) in zip(phrases, counts) where count >= 0 { state.counts[phrase] = count }
        }
    }

    /// Watches `writer` for commits that change documents.
    func observe(_ writer: any DatabaseWriter) {
        writer.add(transactionObserver: DocumentChangeObserver(counts: self), extent: .databaseLifetime)
    }

    fileprivate func documentsChanged() {
        generationCounter.add(1, ordering: .releasing)
    }
}

/// Starts a new generation of ``PhraseDocumentCounts`` when a transaction that changed the
/// `documents` table (and so the full-text index, written in the same transaction) commits.
private final class DocumentChangeObserver: TransactionObserver {
    private let counts: PhraseDocumentCounts
    private var changed = false

    init(counts: PhraseDocumentCounts) {
        self.counts = counts
    }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        eventKind.tableName == "documents"
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changed = true
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        if changed { counts.documentsChanged() }
        changed = false
    }

    func databaseDidRollback(_ db: Database) {
        changed = false
    }
}
