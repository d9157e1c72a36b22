import Synchronization

/// Which tokens of the standing queries (``TermTriggers``) the documents of a write hold,
/// noted by the writer's tokenizer as it hands them to FTS5.
///
/// The tokenizer sees every token the write indexes, titles and bodies, whether it replays
/// an analysis or analyses the text itself; it also sees the tokens of the old versions it
/// removes, which can only add queries to evaluate, never leave one out. A write opens the
/// watch inside its transaction (so on the writer's thread, one write at a time) and closes
/// it before committing.
final class TermWatch: Sendable {
    private struct State {
        var triggers: TermTriggers?
        var seen: Set<Int> = []
    }

    private let state = Mutex(State())

    /// Starts noting `triggers`' tokens in what is tokenized from now on.
    func open(_ triggers: TermTriggers) {
        state.withLock { $0 = State(triggers: triggers) }
    }

    /// Stops noting; the triggers seen since ``open(_:)``.
    func close() -> Set<Int> {
        state.withLock { state in
            defer { state = State() }
            return state.seen
        }
    }

    /// The triggers to note while tokenizing a document, `nil` when no write watches.
    var triggers: TermTriggers? {
        state.withLock { $0.triggers }
    }

    /// Adds triggers a document's tokens set off.
    func record(_ seen: Set<Int>) {
        guard !seen.isEmpty else { return }
        state.withLock { $0.seen.formUnion(seen) }
    }
}
