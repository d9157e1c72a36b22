import GRDB
import Synchronization

/// What the `french` tokenizer of a connection shares with its index. SQLite creates
/// tokenizers without saying which index they belong to, so the index registers its
/// environment for each connection it opens, and the tokenizer looks it up.
struct TokenizerEnvironment: Sendable {
    /// Where the accented spellings of analysed words are recorded.
    let accents: AccentVocabulary
    /// Where the folded words of analysed documents are recorded, for correcting queries.
    let words: FuzzyVocabulary
    /// Titles and bodies already analysed by ``DocumentAnalysis``, for the writer's tokenizer.
    let replays: TermReplays
    /// The standing queries' tokens the writer's documents hold, while a write watches them.
    let watch = TermWatch()

    /// Records a word a document analyzer met (see ``FrenchAnalyzer/onNewWord``).
    func record(accented: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>) {
        if !accented.elementsEqual(folded) { accents.record(accented: accented, folded: folded) }
        words.record(folded: folded)
    }

    /// Writes what was recorded since the last save, in the indexing transaction.
    func save(_ db: Database) throws {
        try accents.save(db)
        try words.save(db)
    }

    /// The environment of each open connection. An entry leaves with its connection (see
    /// ``Registration``): the registry holds no closed index's vocabularies, and a new
    /// connection at a freed one's address never finds another index's environment.
    private static let byConnection = Mutex<[ObjectIdentifier: TokenizerEnvironment]>([:])

    static func register(_ environment: TokenizerEnvironment, for db: Database) {
        let key = ObjectIdentifier(db)
        byConnection.withLock { $0[key] = environment }
        db.add(transactionObserver: Registration(key: key), extent: .databaseLifetime)
    }

    static func registered(for db: Database) -> TokenizerEnvironment? {
        registered(forKey: ObjectIdentifier(db))
    }

    static func registered(forKey key: ObjectIdentifier) -> TokenizerEnvironment? {
        byConnection.withLock { $0[key] }
    }

    /// Removes a connection's environment when the connection goes: GRDB has no hook for a
    /// connection's end, but keeps an observer of extent `.databaseLifetime` exactly as long
    /// as the connection, and releases it with it. It observes no event.
    private final class Registration: TransactionObserver {
        let key: ObjectIdentifier

        init(key: ObjectIdentifier) {
            self.key = key
        }

        deinit {
            TokenizerEnvironment.byConnection.withLock { _ = $0.removeValue(forKey: key) }
        }

        func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
        func databaseDidChange(with event: DatabaseEvent) {}
        func databaseDidCommit(_ db: Database) {}
        func databaseDidRollback(_ db: Database) {}
    }
}

/// The recorded terms of the title and body the writer is about to insert: the tokenizer
/// replays one when it is handed that very text (``RecordedTerms/isRecording(of:)``), and
/// analyses any other text (old bodies being deleted, texts too long to record) itself.
final class TermReplays: Sendable {
    private let pending = Mutex<[RecordedTerms]>([])

    /// Makes `terms` the pending recordings (none clears them).
    func offer(_ terms: [RecordedTerms]) {
        pending.withLock { $0 = terms }
    }

    /// The pending recording of `text`, if any; it is then no longer pending.
    func take(matching text: UnsafeBufferPointer<UInt8>) -> RecordedTerms? {
        pending.withLock { pending in
            guard let index = pending.firstIndex(where: { $0.isRecording(of: text) }) else { return nil }
            return pending.remove(at: index)
        }
    }
}
