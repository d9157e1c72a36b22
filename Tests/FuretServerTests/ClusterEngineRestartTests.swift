import Foundation
import FuretCluster
import FuretDocuments
import FuretIndex
@testable import FuretServer
import FuretTestSupport
import Logging
import Testing

/// A restarted router (a new ``ClusterEngine`` and ``ClusterRouter`` over the same state
/// file) on a real 2-shard cluster: it sends only what changed, and changes that waited for
/// a down shard are not lost with its memory.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ClusterEngineRestartTests {
    static let timeouts = ClusterTimeouts(connectMilliseconds: 500, readMilliseconds: 1_000, retrySeconds: 0)

    /// A folder of small text files, a cluster and where the router keeps its state.
    final class Setup: Sendable {
        let folder: TemporaryFolder
        let stateFolder: TemporaryFolder
        let cluster: LocalCluster

        init() async throws {
            folder = try TemporaryFolder()
            for number in 0..<8 { try folder.write("note-\(number).txt", "Note numéro \(number) du registre, mot\(number)unique.") }
            stateFolder = try TemporaryFolder()
            cluster = try await onOwnThread { try LocalCluster(shards: 2) }
        }

        /// A router as a restarted `furetd --shards` makes it.
        func engine() throws -> ClusterEngine {
            let router = try ClusterRouter(shards: try ShardAddress.list(cluster.shardList), timeouts: ClusterEngineRestartTests.timeouts)
            return try ClusterEngine(router: router, reader: DocumentReader(), logger: Logger(label: "test"),
                                     statePath: ClusterState.path(besideIndex: stateFolder.path + "/index.sqlite"))
        }

        func paths(of engine: ClusterEngine, _ query: String) async throws -> [String] {
            try await onOwnThread {
                try engine.search(query, limit: 20, offset: 0, order: .relevance, lines: false, exactTotal: false, deadline: SearchDeadline())
            }.hits.map { ($0.path as NSString).lastPathComponent }
        }

        func stop() { cluster.stop() }
    }

    @Test func aRestartedRouterSendsOnlyWhatChanged() async throws {
        let setup = try await Setup()
        defer { setup.stop() }
        let first = try setup.engine()
        try first.addRoots([setup.folder.path])
        #expect(try await first.reconcile(root: setup.folder.path) == 8)
        // As `furetd` stops: the shards' writer connections close with it.
        await first.close()

        let restarted = try setup.engine()
        #expect(try restarted.roots() == [setup.folder.path])
        #expect(try await restarted.filesNotIndexed(under: setup.folder.path) == 0)
        #expect(try await restarted.reconcile(root: setup.folder.path) == 0)
        try setup.folder.write("note-3.txt", "Réécrite, avec zanzibar.")
        #expect(try await restarted.reconcile(root: setup.folder.path) == 1)
        #expect(try await setup.paths(of: restarted, "zanzibar") == ["note-3.txt"])

        // Another list of shards: every file hashes anew, and is written again.
        let router = try ClusterRouter(shards: try ShardAddress.list(setup.cluster.addresses[0]), timeouts: Self.timeouts)
        let resharded = try ClusterEngine(router: router, reader: DocumentReader(), logger: Logger(label: "test"),
                                          statePath: ClusterState.path(besideIndex: setup.stateFolder.path + "/index.sqlite"))
        #expect(try await resharded.filesNotIndexed(under: setup.folder.path) == 8)
    }

    @Test func changesWaitingForADownShardSurviveARestart() async throws {
        let setup = try await Setup()
        defer { setup.stop() }
        let first = try setup.engine()
        try first.addRoots([setup.folder.path])
        try await first.reconcile(root: setup.folder.path)
        let onShard0 = (0..<8).map { "note-\($0).txt" }.filter { first.router.shard(of: setup.folder.path + "/" + $0) == 0 }
        try #require(onShard0.count >= 2)
        let (edited, deleted) = (onShard0[0], onShard0[1])
        let deletedWord = "mot\(deleted.dropFirst(5).prefix { $0 != "." })unique"
        #expect(try await setup.paths(of: first, deletedWord) == [deleted])

        try await onOwnThread { try setup.cluster.killShard(0) }
        try setup.folder.write(edited, "Modifiée pendant la panne : xylophone.")
        try FileManager.default.removeItem(atPath: setup.folder.path + "/" + deleted)
        #expect(try await first.reconcile(root: setup.folder.path) == 2)
        #expect(first.router.status()[0].pendingFiles == 2)

        // The router stops with both changes waiting in its memory; the shard comes back.
        await first.close()
        let restarted = try setup.engine()
        try await onOwnThread { try setup.cluster.startShard(0) }
        #expect(try await restarted.filesNotIndexed(under: setup.folder.path) == 2)
        #expect(try await restarted.reconcile(root: setup.folder.path) == 2)
        #expect(try await setup.paths(of: restarted, "xylophone") == [edited])
        #expect(try await setup.paths(of: restarted, deletedWord) == [])
        #expect(try await restarted.reconcile(root: setup.folder.path) == 0)
    }
}
