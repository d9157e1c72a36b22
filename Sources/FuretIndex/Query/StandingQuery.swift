import Synchronization

/// A query kept open on the index (a subscription): after each write, the documents it
/// added or changed are searched with it, and each one it newly matches is handed to
/// ``deliver`` (see ``SearchIndex/follow(_:deliver:)``).
public final class StandingQuery: Sendable {
    /// What a standing query reports of a document it newly matches.
    public struct Match: Sendable {
        /// Whether the document is new to the index, rather than an indexed one that changed.
        public var isNew: Bool
        public var hit: RankedHit

        package init(isNew: Bool, hit: RankedHit) {
            self.isNew = isNew
            self.hit = hit
        }
    }

    /// The query as typed.
    public let text: String
    let query: UserQuery
    let compiled: CompiledQuery
    /// Called after each write with the documents the query newly matches, in the order
    /// written; on the indexing task, so it must return at once.
    let deliver: @Sendable ([Match]) -> Void
    /// The tokens a document it matches holds one of (``TermTriggers``); `nil` when they
    /// cannot be told, and the query is evaluated after every write.
    let triggers: TermTriggers.Tokens?
    /// How many documents hold each phrase, counted once when first needed: scores use
    /// these, not counts made again after every write, which would pass over every
    /// document holding the phrase each time (cost in proportion to the index, not to the
    /// write).
    private let documentCounts = Mutex<[Int64]?>(nil)

    init(text: String, query: UserQuery, compiled: CompiledQuery, triggers: TermTriggers.Tokens?,
         deliver: @escaping @Sendable ([Match]) -> Void) {
        self.text = text
        self.query = query
        self.compiled = compiled
        self.triggers = triggers
        self.deliver = deliver
    }

    /// The phrases' counts as first counted; -1 each until then (the ranking counts them).
    var knownCounts: [Int64] {
        documentCounts.withLock { $0 } ?? Array(repeating: -1, count: compiled.phrases.count)
    }

    /// Keeps the counts a ranking made, once.
    func remember(counts: [Int64]) {
        guard counts.count == compiled.phrases.count, counts.allSatisfy({ $0 >= 0 }) else { return }
        documentCounts.withLock { if $0 == nil { $0 = counts } }
    }
}
