import Foundation
import FuretIndex

/// A page of results from the shards that answered.
package struct ClusterSearchResults: Sendable, Equatable {
    package var results: RankedResults
    /// The shards that could not be reached within the timeouts: their documents are
    /// missing from ``results``.
    package var missingShards: [ShardAddress]
    /// The shards whose primary did not answer and whose replica did: their documents are
    /// in ``results`` as of the replica's last copy.
    package var servedByReplicas: [ShardAddress] = []

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
    /// Its replica, when its primary did not answer and the replica did: searches read it.
    package var replica: ReplicaStatus?
    package var isHealthy: Bool { documents != nil }
}

/// The replica serving a shard whose primary does not answer.
package struct ReplicaStatus: Sendable, Equatable {
    package var address: ShardAddress
    package var documents: Int
    /// When the primary made the last commit the replica holds (`nil`: no commit of this
    /// router's yet).
    package var committed: Date?
    /// How much older that commit is than this router's last commit to the primary: the
    /// span of writes the replica may lack (`nil` when this router has not written to the
    /// primary since it started, or the replica holds no commit of its).
    package var behindSeconds: Double?
}
