import Foundation
import FuretCluster
import FuretDocuments
import FuretIndex
@testable import FuretServer
import FuretTestSupport
import Logging
import Testing

/// `furetd --shards NEW --rehash-from OLD` (``Daemon/rehash(from:to:indexPath:logger:)``) on
/// a real cluster: a router's files on 2 shards, a third shard added.
// A guard against a hang, not a measure: beside the other cluster suites on a loaded 2-core
// machine this suite took up to 95 s.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ClusterRehashDaemonTests {
    @Test func aRehashedClusterServesEveryFileWithoutWritingItAgain() async throws {
        let folder = try TemporaryFolder()
        for number in 0..<12 { try folder.write("note-\(number).txt", "Note numéro \(number) du registre, mot\(number)unique.") }
        let stateFolder = try TemporaryFolder()
        let indexPath = stateFolder.path + "/index.sqlite"
        let cluster = try await onOwnThread { try LocalCluster(shards: 3) }
        defer { cluster.stop() }
        let two = cluster.addresses.prefix(2).joined(separator: ",")
        let timeouts = ClusterTimeouts(connectMilliseconds: 500, readMilliseconds: 2_000, retrySeconds: 0)
        func engine(_ list: String) throws -> ClusterEngine {
            try ClusterEngine(router: try ClusterRouter(shards: try ShardList(list).primaries, timeouts: timeouts), reader: DocumentReader(),
                              logger: Logger(label: "test"), statePath: ClusterState.path(besideIndex: indexPath))
        }

        let before = try engine(two)
        try before.addRoots([folder.path])
        #expect(try await before.reconcile(root: folder.path) == 12)
        await before.close()

        let counts = try await onOwnThread {
            try Daemon.rehash(from: two, to: cluster.shardList, indexPath: indexPath, logger: Logger(label: "test"))
        }
        #expect(counts.documents == 12)
        let three = try ClusterRouter(shards: cluster.shards)
        let old = try ClusterRouter(shards: try ShardList(two).primaries)
        let moving = (0..<12).filter { number in
            let path = folder.path + "/note-\(number).txt"
            return three.shard(of: path) != old.shard(of: path)
        }
        #expect(counts.moved == moving.count)

        let after = try engine(cluster.shardList)
        // The stamps held for the new list: nothing is written again.
        #expect(try await after.reconcile(root: folder.path) == 0)
        for number in 0..<12 {
            let found = try await onOwnThread {
                try after.search("mot\(number)unique", limit: 5, offset: 0, order: .relevance, lines: false, exactTotal: false,
                                 deadline: SearchDeadline())
            }
            #expect(found.hits.map { ($0.path as NSString).lastPathComponent } == ["note-\(number).txt"])
        }
        let documents = three.status().map { $0.documents ?? -1 }
        #expect(documents.reduce(0, +) == 12)
        await after.close()
    }
}

extension LocalCluster {
    fileprivate var shards: [ShardAddress] { addresses.compactMap(ShardAddress.init) }
}
