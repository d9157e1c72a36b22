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
    /// Bodies already analysed by ``DocumentAnalysis``, for the writer's tokenizer.
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

    private static let byConnection = Mutex<[ObjectIdentifier: TokenizerEnvironment]>([:])

    static func register(_ environment: TokenizerEnvironment, for db: Database) {
        byConnection.withLock { $0[ObjectIdentifier(db)] = environment }
    }

    static func registered(for db: Database) -> TokenizerEnvironment? {
        byConnection.withLock { $0[ObjectIdentifier(db)] }
    }
}

/// The recorded terms of the body the writer is about to insert: the tokenizer replays them
/// when it is handed that very text (``RecordedTerms/isRecording(of:)``), and analyses any
/// other text (titles, old bodies being deleted) itself.
final class TermReplays: Sendable {
    private let pending = Mutex<RecordedTerms?>(nil)

    /// Makes `terms` the pending recording (`nil` clears it).
    func offer(_ terms: RecordedTerms?) {
        pending.withLock { $0 = terms }
    }

    /// The pending recording if it is that of `text`; it is then no longer pending.
    func take(matching text: UnsafeBufferPointer<UInt8>) -> RecordedTerms? {
        pending.withLock { pending in
            guard let terms = pending, terms.isRecording(of: text) else { return nil }
            pending = nil
            return terms
        }
    }
}
