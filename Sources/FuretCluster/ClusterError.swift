/// Why the router refused or failed a request.
package enum ClusterError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A `--shards` entry that is not `HOST:PORT` (or `HOST:PORT|HOST:PORT`, with a replica).
    case badShardList(String)
    /// A query none of whose terms has a word to search for.
    case nothingToSearch
    /// No shard could be reached.
    case noShardReachable([ShardAddress])
    /// Writing to a shard failed: its changes wait in the router until it is back.
    case shardUnavailable(ShardAddress, String)
    case xapian(XapianError)

    package var description: String {
        switch self {
        case .badShardList(let item): "'\(item)' is not a shard address HOST:PORT (or HOST:PORT|HOST:PORT with its replica)"
        case .nothingToSearch: "the query has no word to search for"
        case .noShardReachable(let shards): "no shard is reachable (\(shards.map(\.description).joined(separator: ", ")))"
        case .shardUnavailable(let shard, let reason): "shard \(shard) is unavailable: \(reason)"
        case .xapian(let error): "Xapian: \(error.message)"
        }
    }
}
