import FuretIndex

/// A page of results from the shards that answered.
package struct ClusterSearchResults: Sendable, Equatable {
    package var results: RankedResults
    /// The shards that could not be reached within the timeouts: their documents are
    /// missing from ``results``.
    package var missingShards: [ShardAddress]

    /// Whether some shards' documents are missing.
    package var isPartial: Bool { !missingShards.isEmpty }
}

/// One shard as `status` shows it.
package struct ShardStatus: Sendable, Equatable {
    package var address: ShardAddress
    /// `nil` when the shard could not be reached.
    package var documents: Int?
    /// Why it could not be reached (Xapian's message: address and errno).
    package var problem: String?
    /// Changes written while the shard was unreachable, waiting in the router.
    package var pendingFiles: Int
    package var isHealthy: Bool { documents != nil }
}
