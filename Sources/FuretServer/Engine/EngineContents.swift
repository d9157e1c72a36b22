import FuretCluster
import FuretIndex

/// What `status` reports of an engine's documents.
package struct EngineContents: Sendable {
    package var documents: Int
    package var bytes: Int
    /// Files not indexed, by reason (``FileSkipReason/kind``).
    package var skipped: [String: Int]
    /// Roots queued or being indexed, and how each one's last indexing ended.
    package var progress: [RootProgress]
    /// A cluster's shards (``ClusterEngine``); empty for a local index.
    package var shards: [ShardStatus]

    package init(documents: Int, bytes: Int, skipped: [String: Int], progress: [RootProgress], shards: [ShardStatus] = []) {
        self.documents = documents
        self.bytes = bytes
        self.skipped = skipped
        self.progress = progress
        self.shards = shards
    }
}
