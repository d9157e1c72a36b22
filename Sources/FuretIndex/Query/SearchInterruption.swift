/// Why a search stopped before its end.
public enum SearchInterruption: Error, CustomStringConvertible, Sendable, Equatable {
    /// The search ran out of its ``SearchDeadline``.
    case timedOut(seconds: Double)
    /// The client's socket closed while the search ran.
    case clientGone

    public var description: String {
        switch self {
        case .timedOut(let seconds): "the query took longer than \(seconds) s and was stopped; make it more specific"
        case .clientGone: "the client disconnected; the search was cancelled"
        }
    }
}
