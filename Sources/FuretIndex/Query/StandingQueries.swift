import Synchronization

/// The standing queries of an index, with their tokens gathered for the writer's tokenizer
/// (built when a query opens or closes, not at every write).
final class StandingQueries: Sendable {
    private struct State {
        var queries: [ObjectIdentifier: StandingQuery] = [:]
        var triggers = TermTriggers([])

        mutating func update(_ change: (inout [ObjectIdentifier: StandingQuery]) -> Void) {
            change(&queries)
            triggers = TermTriggers(Array(queries.values))
        }
    }

    private let state = Mutex(State())

    var current: [StandingQuery] { triggers.queries }

    /// The open queries and their tokens.
    var triggers: TermTriggers { state.withLock { $0.triggers } }

    func add(_ query: StandingQuery) {
        state.withLock { $0.update { $0[ObjectIdentifier(query)] = query } }
    }

    func remove(_ query: StandingQuery) {
        state.withLock { $0.update { $0.removeValue(forKey: ObjectIdentifier(query)) } }
    }
}
