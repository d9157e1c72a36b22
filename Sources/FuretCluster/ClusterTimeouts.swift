/// How long the router waits for a shard: bounded, so a dead or stuck shard makes a search
/// partial rather than hang it.
package struct ClusterTimeouts: Sendable, Equatable {
    /// To open a connection.
    package var connectMilliseconds: UInt32
    /// For each answer to writes and a rehash.
    package var readMilliseconds: UInt32
    /// For each answer to a search (the FTS5 engine stops a search at 1.5 s).
    package var searchMilliseconds: UInt32
    /// How often a search retries the shards it is missing.
    package var retrySeconds: Double

    /// The longest a search waits for shards that accept connections and never answer (a
    /// stopped or overloaded machine), beyond its own work: one search timeout on the open
    /// connections, then one connect timeout to connect again (every shard at once, each
    /// greeting within the connect timeout), after which it answers with the other shards.
    package var searchDeadline: UInt32 { searchMilliseconds + connectMilliseconds }

    package init(connectMilliseconds: UInt32 = 1_000, readMilliseconds: UInt32 = 5_000, searchMilliseconds: UInt32 = 2_000,
                 retrySeconds: Double = 2) {
        self.connectMilliseconds = connectMilliseconds
        self.readMilliseconds = readMilliseconds
        self.searchMilliseconds = searchMilliseconds
        self.retrySeconds = retrySeconds
    }
}
