/// Moves documents to their shard under a new list of shards (a shard added changes
/// `hash(path) mod N` for most files): each document whose file hashes to another shard is
/// copied there as it is (terms, positions, values, record: nothing is read or analysed
/// again), then deleted from its old shard.
///
/// Resumable: each batch is committed on its new shards before it is deleted from its old
/// one, so an interruption leaves every document on its old shard, its new one or both
/// (found twice by searches until the rehash runs again); running it again moves what is
/// left, copying over themselves the documents that were on both.
///
/// It writes to the shards: no router may be running on them (each shard takes one writer).
package struct ClusterRehash {
    /// What a rehash did.
    package struct Counts: Sendable, Equatable {
        /// The documents read on the old shards.
        package var documents = 0
        /// Those moved to another shard.
        package var moved = 0

        package init(documents: Int = 0, moved: Int = 0) {
            self.documents = documents
            self.moved = moved
        }
    }

    /// The documents read, copied and deleted per commit.
    static let batchSize = 256

    package let old: [ShardAddress]
    package let new: [ShardAddress]
    private let timeouts: ClusterTimeouts

    package init(from old: [ShardAddress], to new: [ShardAddress], timeouts: ClusterTimeouts = ClusterTimeouts()) {
        precondition(!new.isEmpty, "a cluster has shards")
        self.old = old
        self.new = new
        self.timeouts = timeouts
    }

    /// Moves every document of the old shards whose shard changes; `progress` is called
    /// after each batch with the counts so far.
    /// - Throws: ``ClusterError/shardUnavailable(_:_:)`` when a shard cannot be read or
    ///   written (what is committed stays; run it again), ``ClusterError/xapian(_:)`` when a
    ///   document holds no Furet record.
    package func run(progress: (Counts) -> Void = { _ in }) throws(ClusterError) -> Counts {
        var counts = Counts()
        var writers: [ShardAddress: XapianWriter] = [:]
        func writer(_ address: ShardAddress) throws(ClusterError) -> XapianWriter {
            if let open = writers[address] { return open }
            let opened = try available(address) { () throws(XapianError) in try XapianWriter(remote: address, timeouts: timeouts) }
            writers[address] = opened
            return opened
        }
        // Each old shard's documents as the rehash starts: those it receives from another
        // shard get higher ids (Xapian's next ids) and are not read again.
        var sources: [(address: ShardAddress, reader: XapianReader, lastID: UInt32)] = []
        for source in Set(old).sorted(by: { $0.description < $1.description }) {
            sources.append(try available(source) { () throws(XapianError) in
                let reader = try XapianReader()
                try reader.addRemote(source, timeouts: timeouts)
                return (source, reader, try reader.lastID)
            })
        }
        for (source, reader, lastID) in sources {
            try available(source) { () throws(XapianError) in try reader.reopen() }
            var next: UInt32 = 1
            while next <= lastID {
                let page = try available(source) { () throws(XapianError) in
                    try reader.documents(from: next, limit: Self.batchSize).filter { $0.id <= lastID }
                }
                guard let last = page.last else { break }
                next = last.id + 1
                counts.documents += page.count
                var moving: [ShardAddress: [(id: UInt32, identity: String)]] = [:]
                for document in page {
                    guard let record = ShardRecord(encoded: document.data) else {
                        throw .xapian(XapianError(kind: .other, message: "document \(document.id) of \(source) has no Furet record"))
                    }
                    let target = new[StableHash.shard(ofPath: record.path, shardCount: new.count)]
                    if target != source {
                        moving[target, default: []].append((document.id, ShardSchema.idTerm(path: record.path, part: record.part)))
                    }
                }
                guard !moving.isEmpty else { continue }
                for (target, documents) in moving {
                    let destination = try writer(target)
                    try available(target) { () throws(XapianError) in
                        for document in documents { try destination.copy(id: document.identity, from: reader, document: document.id) }
                        try ShardSchema.commit(destination)
                    }
                }
                let origin = try writer(source)
                try available(source) { () throws(XapianError) in
                    for document in moving.values.joined() { try origin.delete(id: document.identity) }
                    try ShardSchema.commit(origin)
                    // The deletions' commit may outdate the reader's revision; ids stay.
                    try reader.reopen()
                }
                counts.moved += moving.values.reduce(0) { $0 + $1.count }
                progress(counts)
            }
        }
        return counts
    }

    /// `body`'s result, its Xapian error as the shard's unavailability.
    private func available<T>(_ address: ShardAddress, _ body: () throws(XapianError) -> T) throws(ClusterError) -> T {
        do {
            return try body()
        } catch {
            throw .shardUnavailable(address, error.message)
        }
    }
}
