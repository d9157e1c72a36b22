import CXapian

/// One read database over several shards (Xapian's `add_database`): a search over it uses
/// the statistics of all shards together, so its BM25 weights equal a single database's.
final class XapianReader {
    /// Internal: ``XapianWriter/copy(id:from:document:)`` reads documents through it.
    let handle: OpaquePointer
    /// The readers whose shards this one holds (``add(_:)``): freeing a reader closes its
    /// shards' connections, which this one shares.
    private var parts: [XapianReader] = []

    init() throws(XapianError) {
        guard let handle = cx_reader_new() else { throw XapianError(kind: .other, message: "out of memory") }
        self.handle = handle
    }

    deinit { cx_reader_free(handle) }

    /// Connects to a shard and adds it; each answer waits at most `readMilliseconds`
    /// (``ClusterTimeouts/readMilliseconds`` when `nil`), the shard's greeting included.
    func addRemote(_ address: ShardAddress, timeouts: ClusterTimeouts, readMilliseconds: UInt32? = nil) throws(XapianError) {
        try XapianError.checkStatus { error in
            cx_reader_add_remote(handle, address.host, UInt32(address.port), readMilliseconds ?? timeouts.readMilliseconds,
                                 timeouts.connectMilliseconds, error)
        }
    }

    /// Adds the shards `other` holds.
    func add(_ other: XapianReader) throws(XapianError) {
        try XapianError.checkStatus { cx_reader_add_reader(handle, other.handle, $0) }
        parts.append(other)
    }

    func addLocal(_ path: String) throws(XapianError) {
        try XapianError.checkStatus { cx_reader_add_local(handle, path, $0) }
    }

    /// Moves to the shards' latest commits.
    func reopen() throws(XapianError) {
        try XapianError.checkStatus { cx_reader_reopen(handle, $0) }
    }

    var documentCount: Int {
        get throws(XapianError) {
            Int(try XapianError.check { error -> Int64? in
                let count = cx_reader_document_count(handle, error)
                return count >= 0 ? Int64(count) : nil
            })
        }
    }

    /// The ids and data of the documents from id `first` on, in id order, at most `limit`.
    func documents(from first: UInt32, limit: Int) throws(XapianError) -> [(id: UInt32, data: [UInt8])] {
        final class Collector { var documents: [(id: UInt32, data: [UInt8])] = [] }
        let collector = Collector()
        _ = try XapianError.check { error -> Int64? in
            let count = cx_reader_documents(handle, first, UInt32(clamping: limit), Unmanaged.passUnretained(collector).toOpaque(), { context, id, data, length in
                let collector = Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue()
                collector.documents.append((id, Array(UnsafeRawBufferPointer(start: data, count: length))))
            }, error)
            return count >= 0 ? Int64(count) : nil
        }
        return collector.documents
    }

    /// A user metadata entry of the first database added; empty when it has none.
    func metadata(_ key: String) throws(XapianError) -> String {
        var length = 0
        let pointer = try XapianError.check { cx_reader_metadata(handle, key, key.utf8.count, &length, $0) }
        defer { cx_free(pointer) }
        return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    /// The highest document id used: documents added later get higher ones.
    var lastID: UInt32 {
        get throws(XapianError) {
            UInt32(try XapianError.check { error -> Int64? in
                let id = cx_reader_last_id(handle, error)
                return id >= 0 ? Int64(id) : nil
            })
        }
    }

    /// How many documents of all shards hold `term`.
    func frequency(of term: String) throws(XapianError) -> Int {
        Int(try XapianError.check { error -> Int64? in
            let count = Array(term.utf8).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { cx_reader_term_frequency(handle, $0.baseAddress, $0.count, error) }
            }
            return count >= 0 ? Int64(count) : nil
        })
    }

    /// The first `limit` terms of all shards starting with `prefix`, in order, and how many
    /// there are in all.
    func terms(startingWith prefix: String, limit: Int) throws(XapianError) -> (terms: [String], total: Int) {
        final class Collector { var terms: [String] = [] }
        let collector = Collector()
        let total = try XapianError.check { error -> Int64? in
            let count = Array(prefix.utf8).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    cx_reader_terms_with_prefix(handle, chars.baseAddress, chars.count, UInt32(clamping: limit),
                                                Unmanaged.passUnretained(collector).toOpaque(), { context, term, length in
                        let bytes = UnsafeRawBufferPointer(start: term, count: length)
                        Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue().terms.append(String(decoding: bytes, as: UTF8.self))
                    }, error)
                }
            }
            return count >= 0 ? Int64(count) : nil
        }
        return (collector.terms, Int(total))
    }

    /// Document `docid`'s stored data, and the positions of each of `terms` in it (empty for
    /// a term it lacks), in the order of `terms`: one request, then one per term, on a remote shard.
    func fetch(_ docid: UInt32, terms: [String]) throws(XapianError) -> (data: [UInt8], positions: [[UInt32]]) {
        final class Collector {
            var data: [UInt8] = []
            var positions: [[UInt32]]
            init(terms: Int) { positions = Array(repeating: [], count: terms) }
        }
        let collector = Collector(terms: terms.count)
        let bytes = terms.flatMap(\.utf8)
        let lengths = terms.map(\.utf8.count)
        try XapianError.checkStatus { error in
            bytes.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { chars in
                    cx_reader_fetch(handle, docid, chars.baseAddress, lengths, lengths.count, Unmanaged.passUnretained(collector).toOpaque(), { context, data, length in
                        Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue().data = Array(UnsafeRawBufferPointer(start: data, count: length))
                    }, { context, term, position in
                        Unmanaged<Collector>.fromOpaque(context!).takeUnretainedValue().positions[term].append(position)
                    }, error)
                }
            }
        }
        return (collector.data, collector.positions)
    }

    /// How a search orders its hits.
    enum Order {
        /// By BM25, equal weights by the value in the slot, ascending.
        case relevanceThenValue(UInt32)
        /// By the value in the slot, ascending, equal values by BM25.
        case valueThenRelevance(UInt32)
    }

    /// The hits of `query` from `first`, at most `count`, weighed by BM25 (`k1`, `b`) and
    /// ordered as `order` says; matches are counted exactly up to `checkAtLeast`.
    func search(
        _ query: XapianQuery, k1: Double, b: Double, order: Order, first: Int, count: Int, checkAtLeast: Int
    ) throws(XapianError) -> XapianResults {
        let (slot, byValue): (UInt32, Int32) = switch order {
        case .relevanceThenValue(let slot): (slot, 0)
        case .valueThenRelevance(let slot): (slot, 1)
        }
        return try query.withHandle { (queryHandle) throws(XapianError) in
            let results = try XapianError.check { error in
                cx_reader_search(handle, queryHandle, k1, b, slot, byValue, UInt32(clamping: first), UInt32(clamping: count),
                                 UInt32(clamping: checkAtLeast), error)
            }
            return XapianResults(handle: results)
        }
    }
}

/// A page of hits from ``XapianReader/search(_:k1:b:order:first:count:checkAtLeast:)``: their
/// docids, weights and sort keys (their data and positions are read with
/// ``XapianReader/fetch(_:terms:)``).
final class XapianResults {
    private let handle: OpaquePointer

    init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { cx_results_free(handle) }

    var count: Int { cx_results_count(handle) }

    /// The number of matches (exact up to the search's `checkAtLeast`).
    var estimatedMatches: Int { Int(clamping: cx_results_estimated(handle)) }

    /// Hit `index`'s docid in the combined database and its BM25 weight.
    func hit(_ index: Int) -> (docid: UInt32, weight: Double) {
        var docid: UInt32 = 0
        var weight = 0.0
        cx_results_hit(handle, index, &docid, &weight)
        return (docid, weight)
    }

    /// Hit `index`'s sort key: its value in the slot the search ordered by.
    func sortKey(_ index: Int) throws(XapianError) -> [UInt8] {
        var length = 0
        let pointer = try XapianError.check { cx_results_sort_key(handle, index, &length, $0) }
        defer { cx_free(pointer) }
        return Array(UnsafeRawBufferPointer(start: pointer, count: length))
    }
}
