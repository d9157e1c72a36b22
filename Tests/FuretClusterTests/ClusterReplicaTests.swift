import Foundation
import FuretCluster
import FuretTestSupport
import Testing

/// The router over shards with replicas (`Tools/cluster start N DIR --replicas`: a real
/// `xapian-replicate` copy of each shard, served by a read-only `xapian-tcpsrv`).
// A guard against a hang, not a measure: beside the other cluster suites on a loaded 2-core
// machine this suite took up to 95 s.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ClusterReplicaTests {
    @Test func aReplicaAnswersForItsDeadPrimary() async throws {
        try await onOwnThread { try withCluster(shards: 2, replicas: true) { cluster in
            #expect(cluster.replicas.count == 2)
            let timeouts = ClusterTimeouts(connectMilliseconds: 500, readMilliseconds: 2_000, retrySeconds: 0)
            let router = try ClusterRouter(shards: cluster.shards, replicas: cluster.replicas, timeouts: timeouts)
            #expect(router.write(try sampleFiles()).isEmpty)
            let queries = ClusterRouterTests.queries
            let full = try queries.map { try router.search($0, limit: 20) }
            #expect(full.allSatisfy { !$0.isPartial && $0.servedByReplicas.isEmpty })
            let primaries = router.status().map(\.documents)
            #expect(primaries.allSatisfy { ($0 ?? 0) > 0 })
            try waitForReplicas(of: cluster, holding: primaries, timeouts: timeouts)

            try cluster.killShard(0)
            for (query, expected) in zip(queries, full) {
                let got = try router.search(query, limit: 20)
                expectSameRanking(got, as: expected, query)
                #expect(got.servedByReplicas == [cluster.shards[0]], Comment(rawValue: query))
            }
            let status = router.status()[0]
            #expect(status.documents == nil)
            let replica = try #require(status.replica)
            #expect(replica.address == cluster.replicas[0])
            #expect(replica.documents == primaries[0])
            // The replica holds the router's last commit to shard 0: nothing behind but the
            // milliseconds between the commit's stamp and the router's clock after it.
            let behind = try #require(replica.behindSeconds)
            #expect(behind >= 0 && behind < 1)
            #expect(router.status()[1].replica == nil)

            try cluster.killReplica(0)
            let partial = try router.search("conseil OR rapport OR eau", limit: 20)
            #expect(partial.missingShards == [cluster.shards[0]])
            #expect(partial.servedByReplicas.isEmpty)
            #expect(router.status()[0].replica == nil)

            try cluster.startShard(0)
            for (query, expected) in zip(queries, full) {
                let back = try router.search(query, limit: 20)
                #expect(!back.isPartial && back.servedByReplicas.isEmpty, Comment(rawValue: query))
                #expect(back.results.hits.map(\.path) == expected.results.hits.map(\.path), Comment(rawValue: query))
            }
        } }
    }

    /// Replicas that hold their primaries' last commits serve part of every page's hits, and
    /// the results are those of the primaries alone.
    @Test func caughtUpReplicasShareThePagesReads() async throws {
        try await onOwnThread { try withCluster(shards: 2, replicas: true) { cluster in
            let timeouts = ClusterTimeouts(connectMilliseconds: 500, readMilliseconds: 2_000, retrySeconds: 0)
            let router = try ClusterRouter(shards: cluster.shards, replicas: cluster.replicas, timeouts: timeouts)
            #expect(router.write(try sampleFiles()).isEmpty)
            try waitForReplicas(of: cluster, holding: router.status().map(\.documents), timeouts: timeouts)
            let primariesOnly = try ClusterRouter(shards: cluster.shards, timeouts: timeouts)
            let queries = ClusterRouterTests.queries
            for query in queries {
                let expected = try primariesOnly.search(query, limit: 20)
                let got = try router.search(query, limit: 20)
                expectSameRanking(got, as: expected, query)
                #expect(got.results.hits.map(\.snippet) == expected.results.hits.map(\.snippet), Comment(rawValue: query))
                #expect(got.servedByReplicas.isEmpty, Comment(rawValue: query))
            }
            let served = router.hitsServed()
            for address in cluster.shards + cluster.replicas.compactMap({ $0 }) {
                #expect((served[address] ?? 0) > 0, Comment(rawValue: "\(address) served \(served[address] ?? 0) hits"))
            }
            #expect(Set(primariesOnly.hitsServed().keys) == Set(cluster.shards))
        } }
    }

    /// Waits until each replica holds as many documents as its primary (`xapian-replicate`
    /// pulls every second), at most 30 s.
    private func waitForReplicas(of cluster: LocalCluster, holding counts: [Int?], timeouts: ClusterTimeouts) throws {
        let copies = try ClusterRouter(shards: cluster.replicas.compactMap { $0 }, timeouts: timeouts)
        let deadline = ContinuousClock.now + .seconds(30)
        while copies.status().map(\.documents) != counts {
            guard ContinuousClock.now < deadline else {
                throw ClusterTestError("replicas hold \(copies.status().map(\.documents)) documents, primaries \(counts)")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
    }
}
