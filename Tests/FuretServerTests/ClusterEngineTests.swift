import Foundation
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
    /// A batch ends at its count of files or once its text reaches its bytes, whichever comes
    /// first; a file that cannot be read counts and is listed.
    @Test func aBatchEndsAtItsFilesOrItsBytes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("furet-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, words) in [40, 40, 40, 40].enumerated() {
            try String(repeating: "rivière ", count: words).write(to: folder.appendingPathComponent("\(index).txt"), atomically: true, encoding: .utf8)
        }
        let files = FileSystem.scan(folder.path).sorted { $0.path < $1.path }
        try #require(files.count == 4)
        let reader = DocumentReader()
        let bytes = "rivière ".utf8.count * 40

        let byCount = ClusterEngine.readBatch(files[...], with: reader, maxFiles: 3, maxBytes: .max)
        #expect(byCount.count == 3 && byCount.documents.map(\.path) == files.prefix(3).map(\.path) && byCount.unreadable.isEmpty)
        // The text reaches the bound within the second file: the batch ends with it.
        let byBytes = ClusterEngine.readBatch(files[1...], with: reader, maxFiles: 10, maxBytes: bytes + 1)
        #expect(byBytes.count == 2 && byBytes.documents.map(\.path) == [files[1].path, files[2].path])

        try FileManager.default.removeItem(atPath: files[0].path)
        let withGone = ClusterEngine.readBatch(files[...], with: reader, maxFiles: 2, maxBytes: .max)
        #expect(withGone.count == 2 && withGone.unreadable == [files[0].path] && withGone.documents.map(\.path) == [files[1].path])
    }

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
