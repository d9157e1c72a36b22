/// The turns to search: four for simple queries, one for costly ones (see
/// ``QueryCost/isCostly(_:)``), each handed out in arrival order (``FairTurns``).
///
/// With one shared set of turns, four slow queries held them all and a simple `cheval`
/// waited for one to finish (19 s). Costly queries now wait for each other only, and their
/// single turn leaves the other core to simple queries. Five turns in all, one per reader
/// of the pool (``SearchIndex/configuration(_:)``), so a search with a turn never waits
/// for a connection.
final class SearchLanes: Sendable {
    static let simpleTurns = 4
    static let costlyTurns = 1
    static let total = simpleTurns + costlyTurns

    let simple = FairTurns(simpleTurns)
    let costly = FairTurns(costlyTurns)

    /// Runs `body` in the lane of a costly or simple query once it has a turn there.
    /// - Throws: ``SearchInterruption/timedOut(seconds:)`` when `guard`'s time runs out
    ///   before a turn comes, or what `body` throws.
    func withTurn<T>(costly isCostly: Bool, _ guard: SearchGuard, _ body: () throws -> T) throws -> T {
        let turns = isCostly ? costly : simple
        guard turns.acquire(before: `guard`.dispatchDeadline) else {
            throw SearchInterruption.timedOut(seconds: `guard`.seconds)
        }
        defer { turns.release() }
        return try body()
    }
}
