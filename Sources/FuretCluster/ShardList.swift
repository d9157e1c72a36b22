/// The shards of a cluster as `furetd --shards` takes them: `PRIMARY[|REPLICA],…`, each
/// `HOST:PORT`. A shard's replica (a read-only `xapian-tcpsrv` over an `xapian-replicate`
/// copy of the primary) is searched while the primary does not answer.
package struct ShardList: Sendable, Equatable {
    /// The shards' writable primaries, in order: a file's shard is its index here.
    package var primaries: [ShardAddress]
    /// Each shard's replica, `nil` for a shard without one; as many as ``primaries``.
    package var replicas: [ShardAddress?]

    /// Parses `PRIMARY[|REPLICA],…`.
    /// - Throws: ``ClusterError/badShardList(_:)`` naming the first malformed shard.
    package init(_ text: String) throws(ClusterError) {
        primaries = []
        replicas = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let addresses = item.split(separator: "|", omittingEmptySubsequences: false).map { ShardAddress(String($0)) }
            guard (1...2).contains(addresses.count), let primary = addresses[0], addresses.dropFirst().allSatisfy({ $0 != nil }) else {
                throw .badShardList(String(item))
            }
            primaries.append(primary)
            replicas.append(addresses.count == 2 ? addresses[1] : nil)
        }
        guard !primaries.isEmpty else { throw .badShardList(text) }
    }
}
