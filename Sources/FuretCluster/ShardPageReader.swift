import Foundation

/// Reads a page's hits — each hit's record and the positions of the query's forms — from
/// their shards, several at once.
///
/// Xapian 1.4's remote protocol answers one request at a time per connection and has no
/// batched document read, so a hit costs one request for its record and one per form. The
/// router's combined database finds the hits; this reader then spreads them over
/// connections of their own (up to ``lanesPerShard`` per shard, each reading its share of
/// the page in turn), so a page waits for its slowest lane rather than for every request.
///
/// A shard with a replica that holds the primary's last commit (checked by its commit stamp,
/// ``ShardSchema/committedKey``) has its lanes spread over both; every hit read is checked
/// against its identity in the search's sort key, and one a replica reads otherwise is read
/// again from the primary, so results are the same whichever answers.
///
/// Used under the router's lock: one ``read(_:from:)`` at a time. Its lanes run on threads
/// of their own, each on connections no other lane holds; `@unchecked Sendable` rests on
/// ``idle`` being touched under ``lock`` only.
final class ShardPageReader: @unchecked Sendable {
    /// The most connections one page reads from one shard at once.
    static let lanesPerShard = 4

    /// Where one shard of the router's combined database is read.
    struct Source: Equatable {
        /// What the combined database reads: the primary, or the replica standing for it.
        var address: ShardAddress
        /// A replica to spread reads to when it holds ``address``'s last commit.
        var replica: ShardAddress?
    }

    /// One hit to read: its shard (index in the sources), docid there, identity (``ShardSchema/tieKey(path:part:)``)
    /// and the terms whose positions to read.
    struct Request {
        var source: Int
        var docid: UInt32
        var tie: [UInt8]
        var terms: [String]
    }

    struct Hit {
        var record: ShardRecord
        /// The positions of each of the request's terms.
        var positions: [[UInt32]]
    }

    /// A connection to one shard, at the revision of ``generation``.
    private final class Connection {
        let reader: XapianReader
        let address: ShardAddress
        var generation: Int

        init(_ address: ShardAddress, timeouts: ClusterTimeouts, generation: Int) throws(XapianError) {
            reader = try XapianReader()
            try reader.addRemote(address, timeouts: timeouts, readMilliseconds: timeouts.searchMilliseconds)
            self.address = address
            self.generation = generation
        }
    }

    /// Whether a replica held its primary's last commit, when checked.
    private struct ReplicaCheck {
        var current: Bool
        var generation: Int
        var checked: ContinuousClock.Instant
    }

    private let timeouts: ClusterTimeouts
    private let lock = NSLock()
    private var idle: [ShardAddress: [Connection]] = [:]
    /// Bumped when the shards may have changed (the router's writes): connections of an
    /// older generation reopen before they read.
    private var generation = 0
    private var replicaChecks: [ShardAddress: ReplicaCheck] = [:]
    /// Which of a shard's copies its first lane reads, turning with each page.
    private var turn = 0
    /// How many hits each shard or replica served since this reader was made.
    private(set) var hitsServed: [ShardAddress: Int] = [:]

    init(timeouts: ClusterTimeouts) {
        self.timeouts = timeouts
    }

    /// Closes every connection: the next page connects again.
    func reset() {
        lock.withLock { idle = [:] }
        replicaChecks = [:]
        generation += 1
    }

    /// The shards changed: connections reopen before reading.
    func invalidate() {
        generation += 1
    }

    /// The hits of `requests`, in their order, read from `sources`.
    func read(_ requests: [Request], from sources: [Source]) throws(XapianError) -> [Hit] {
        guard !requests.isEmpty else { return [] }
        turn &+= 1
        var lanes: [(address: ShardAddress, primary: ShardAddress, requests: [Int])] = []
        for (index, source) in sources.enumerated() {
            let mine = requests.indices.filter { requests[$0].source == index }
            guard !mine.isEmpty else { continue }
            var copies = [source.address]
            if let replica = source.replica, replicaIsCurrent(replica, of: source.address) { copies.append(replica) }
            let count = min(mine.count, Self.lanesPerShard)
            for lane in 0..<count {
                let share = stride(from: lane, to: mine.count, by: count).map { mine[$0] }
                lanes.append((copies[(lane + turn) % copies.count], source.address, share))
            }
        }
        let generation = generation
        let read = ConcurrentCalls.map(lanes.count) { [self, lanes] turn in
            let lane = lanes[turn]
            return Result { () throws(XapianError) in
                try readLane(lane.requests, requests, at: lane.address, primary: lane.primary, generation: generation)
            }
        }
        var hits = [Hit?](repeating: nil, count: requests.count)
        for lane in read {
            for (index, hit, address) in try lane.get() {
                hits[index] = hit
                hitsServed[address, default: 0] += 1
            }
        }
        return hits.map { $0! }
    }

    /// Reads `mine` of `requests` in turn on one connection to `address`; a hit a replica holds
    /// otherwise than the search found it is read again from `primary`. Returns each hit's
    /// index in `requests` and the address that served it.
    private func readLane(
        _ mine: [Int], _ requests: [Request], at address: ShardAddress, primary: ShardAddress, generation: Int
    ) throws(XapianError) -> [(Int, Hit, ShardAddress)] {
        let connection = try borrow(address, generation: generation)
        var fallback: Connection?
        var hits: [(Int, Hit, ShardAddress)] = []
        for index in mine {
            let request = requests[index]
            var hit = try read(request, on: connection).map { ($0, address) }
            if hit == nil, address != primary {
                if fallback == nil { fallback = try borrow(primary, generation: generation) }
                hit = try read(request, on: fallback!).map { ($0, primary) }
            }
            guard let (found, served) = hit else {
                throw XapianError(kind: .modified, message: "a shard's document is not the one its search found")
            }
            hits.append((index, found, served))
        }
        giveBack(connection)
        if let fallback { giveBack(fallback) }
        return hits
    }

    /// The hit of `request` read on `connection`, or `nil` when the document there is not the
    /// one the search found.
    private func read(_ request: Request, on connection: Connection) throws(XapianError) -> Hit? {
        let (data, positions) = try connection.reader.fetch(request.docid, terms: request.terms)
        guard let record = ShardRecord(encoded: data) else {
            throw XapianError(kind: .other, message: "a shard's document has no Furet record")
        }
        guard ShardSchema.tieKey(path: record.path, part: record.part) == request.tie else { return nil }
        return Hit(record: record, positions: positions)
    }

    /// An idle connection to `address` at `generation` (reopened if older), or a new one.
    private func borrow(_ address: ShardAddress, generation: Int) throws(XapianError) -> Connection {
        let connection = lock.withLock { idle[address]?.popLast() }
        guard let connection else { return try Connection(address, timeouts: timeouts, generation: generation) }
        if connection.generation != generation {
            try connection.reader.reopen()
            connection.generation = generation
        }
        return connection
    }

    /// Keeps a connection that answered every request for the next pages (one that failed
    /// is dropped: its state is unknown).
    private func giveBack(_ connection: Connection) {
        lock.withLock { idle[connection.address, default: []].append(connection) }
    }

    /// Whether `replica` holds `primary`'s last commit at this generation; a replica found
    /// behind is asked again after ``ClusterTimeouts/retrySeconds``.
    private func replicaIsCurrent(_ replica: ShardAddress, of primary: ShardAddress) -> Bool {
        if let check = replicaChecks[replica], check.generation == generation,
           check.current || ContinuousClock.now - check.checked < .seconds(timeouts.retrySeconds) {
            return check.current
        }
        var current = false
        do throws(XapianError) {
            let primaryConnection = try borrow(primary, generation: generation)
            let replicaConnection = try borrow(replica, generation: generation)
            let stamp = try primaryConnection.reader.metadata(ShardSchema.committedKey)
            let replicaStamp = try replicaConnection.reader.metadata(ShardSchema.committedKey)
            current = !stamp.isEmpty && stamp == replicaStamp
            giveBack(primaryConnection)
            giveBack(replicaConnection)
        } catch {
            current = false
        }
        replicaChecks[replica] = ReplicaCheck(current: current, generation: generation, checked: .now)
        return current
    }
}
