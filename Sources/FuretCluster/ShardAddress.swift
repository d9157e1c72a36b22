/// Where a shard's `xapian-tcpsrv` listens: `HOST:PORT`.
package struct ShardAddress: Sendable, Hashable, CustomStringConvertible {
    package var host: String
    package var port: UInt16

    package init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` (the last colon separates the port); `nil` when malformed.
    package init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex,
              let port = UInt16(text[text.index(after: colon)...]), port > 0 else { return nil }
        host = String(text[..<colon])
        self.port = port
    }

    /// Parses a comma-separated list, as `furetd --shards` takes it.
    /// - Throws: ``ClusterError/badShardList(_:)`` naming the first malformed address.
    package static func list(_ text: String) throws(ClusterError) -> [ShardAddress] {
        var addresses: [ShardAddress] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let address = ShardAddress(String(item)) else { throw .badShardList(String(item)) }
            addresses.append(address)
        }
        guard !addresses.isEmpty else { throw .badShardList(text) }
        return addresses
    }

    package var description: String { "\(host):\(port)" }
}
