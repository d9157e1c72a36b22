import Foundation
import FuretCluster
import FuretTestSupport
import Testing

/// Rehashing a real cluster from 2 shards to 3 (a shard added).
// A guard against a hang, not a measure: beside the other cluster suites on a loaded 2-core
// machine this suite took up to 95 s.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ClusterRehashTests {
    @Test func twoShardsRehashedToThreeRankAsAFreshThreeShardIndexAfterAnInterruption() async throws {
        let files = try sampleFiles()
        try await onOwnThread { try withCluster(shards: 3) { fresh in
            try withCluster(shards: 3) { grown in
                let expected = try ClusterRouter(shards: fresh.shards)
                #expect(expected.write(files).isEmpty)
                // The first two shards of `grown` hold the files as a 2-shard cluster.
                let two = Array(grown.shards.prefix(2))
                let before = try ClusterRouter(shards: two)
                #expect(before.write(files).isEmpty)
                before.close()
                let documents = before.status().compactMap(\.documents).reduce(0, +)
                // As if an earlier rehash stopped after copying files to the new shard, before
                // deleting them from their old one: they are on both.
                let interrupted = try ClusterRouter(shards: grown.shards)
                let copied = files.filter { interrupted.shard(of: $0.path) == 2 }.prefix(3)
                #expect(copied.count == 3)
                #expect(interrupted.write(Array(copied)).isEmpty)
                interrupted.close()

                var batches = 0
                let counts = try ClusterRehash(from: two, to: grown.shards).run { _ in batches += 1 }
                #expect(counts.documents == documents)
                // The files that hash to another shard under 3 shards, with their parts.
                let router = try ClusterRouter(shards: grown.shards)
                let moved = files.filter { router.shard(of: $0.path) != before.shard(of: $0.path) }
                #expect(counts.moved == moved.reduce(0) { $0 + $1.storedDocuments.count })
                #expect(counts.moved > 0 && batches > 0)
                #expect(router.status().map(\.documents) == expected.status().map(\.documents))

                for query in ClusterRouterTests.queries {
                    let want = try expected.search(query, limit: 20)
                    expectSameRanking(try router.search(query, limit: 20), as: want, query)
                }
                router.close()

                // Run again (as after an interruption): nothing is left to move.
                let again = try ClusterRehash(from: two, to: grown.shards).run()
                let kept = router.status().prefix(2).compactMap(\.documents).reduce(0, +)
                #expect(again == ClusterRehash.Counts(documents: kept, moved: 0))
            }
        } }
    }
}
