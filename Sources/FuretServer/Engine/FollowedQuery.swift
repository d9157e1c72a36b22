/// A standing query an engine keeps open (see ``SearchEngine/follow(_:deliver:)``).
package protocol FollowedQuery: Sendable {
    /// Closes the query: it delivers nothing once this returns.
    func close()
}
