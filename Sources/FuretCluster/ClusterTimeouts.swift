/// How long the router waits for a shard: bounded, so a dead or stuck shard makes a search
/// partial rather than hang it.
package struct ClusterTimeouts: Sendable, Equatable {
    /// To open a connection.
    package var connectMilliseconds: UInt32
    /// For each answer on an open connection.
    package var readMilliseconds: UInt32
    /// How often a search retries the shards it is missing.
    package var retrySeconds: Double

    package init(connectMilliseconds: UInt32 = 1_000, readMilliseconds: UInt32 = 5_000, retrySeconds: Double = 2) {
        self.connectMilliseconds = connectMilliseconds
        self.readMilliseconds = readMilliseconds
        self.retrySeconds = retrySeconds
    }
}
