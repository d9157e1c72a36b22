import FuretCluster
import FuretDocuments
import FuretIndex
import FuretProtocol
@testable import FuretServer
import FuretTestSupport
import Logging
import Testing

/// The server over a real 2-shard cluster (`furetd --shards`), in process: the engine seam
/// with ``ClusterEngine``, and what `status` and `search` send on the wire.
@Suite(.timeLimit(.minutes(2))) struct ClusterEngineTests {
    @Test func servesTheSampleCorpusFromShardsAndSaysWhichAreMissing() async throws {
        let cluster = try await onOwnThread { try LocalCluster(shards: 2) }
        defer { cluster.stop() }
        let shards = try ShardAddress.list(cluster.shardList)
        let timeouts = ClusterTimeouts(connectMilliseconds: 500, readMilliseconds: 1_000, retrySeconds: 0)
        let logger = Logger(label: "test")
        let engine = try ClusterEngine(router: try ClusterRouter(shards: shards, timeouts: timeouts), reader: DocumentReader(), logger: logger,
                                   statePath: nil)
        let service = FuretService(engine: engine, logger: logger)
        try engine.addRoots([SampleCorpus.root])
        let written = try await engine.reconcile(root: SampleCorpus.root)
        let status = IndexStatus(try await onOwnThread { try service.status() })
        #expect(written >= 36)
        // A second reconciliation finds nothing changed.
        #expect(try await engine.reconcile(root: SampleCorpus.root) == 0)

        let wireShards = try #require(status.shards)
        #expect(wireShards.map(\.address) == cluster.addresses)
        #expect(wireShards.allSatisfy { $0.healthy && ($0.documents ?? 0) > 0 })
        #expect(status.documents == wireShards.reduce(0) { $0 + ($1.documents ?? 0) })

        let query = "conseil OR rapport"
        let full = SearchResult(try await onOwnThread {
            try engine.search(query, limit: 50, offset: 0, order: .relevance, lines: false, exactTotal: false, deadline: SearchDeadline())
        })
        #expect(full.partial == nil)
        #expect(full.total > 0)

        try await onOwnThread { try cluster.killShard(0) }
        let partial = SearchResult(try await onOwnThread {
            try engine.search(query, limit: 50, offset: 0, order: .relevance, lines: false, exactTotal: false, deadline: SearchDeadline())
        })
        #expect(partial.partial == true)
        #expect(partial.missingShards == [cluster.addresses[0]])
        #expect(partial.total < full.total)
        let down = try #require(IndexStatus(try await onOwnThread { try service.status() }).shards)
        #expect(down.map(\.healthy) == [false, true])
    }
}
