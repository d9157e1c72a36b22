import Foundation
import FuretDocuments

/// A real cluster of `xapian-tcpsrv` shards on 127.0.0.1, started with `Tools/cluster` in a
/// temporary folder, with a replica per shard if asked. `xapian-tcpsrv` missing is a failure, not a skip: CI installs it.
package final class LocalCluster: Sendable {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Tools/cluster").path

    let folder: String
    /// The shards' addresses, `HOST:PORT`, in order.
    package let addresses: [String]
    /// Their replicas' addresses, in the same order; empty without replicas.
    package let replicaAddresses: [String]
    /// The shards as `furetd --shards` takes them (`PRIMARY|REPLICA` with replicas).
    package let shardList: String

    package init(shards: Int, replicas: Bool = false) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("furet-cluster-\(UUID().uuidString)").path
        let output = replicas ? try Self.run("start", String(shards), folder, "--replicas") : try Self.run("start", String(shards), folder)
        shardList = output.trimmingCharacters(in: .whitespacesAndNewlines)
        let entries = shardList.split(separator: ",").map { $0.split(separator: "|").map(String.init) }
        addresses = entries.map { $0[0] }
        replicaAddresses = entries.compactMap { $0.dropFirst().first }
    }

    /// The size of the shards' databases on disk (their folders; not the pid, port and log
    /// files beside them).
    package var databaseBytes: Int {
        guard let files = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var bytes = 0
        for case let file as String in files where file.contains("/") {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + file)
            if attributes?[.type] as? FileAttributeType == .typeRegular { bytes += attributes?[.size] as? Int ?? 0 }
        }
        return bytes
    }

    /// Stops the shards (SIGTERM, then SIGKILL) and removes the folder.
    package func stop() {
        _ = try? Self.run("stop", folder)
        try? FileManager.default.removeItem(atPath: folder)
    }

    package func killShard(_ index: Int) throws { _ = try Self.run("kill-shard", String(index), folder) }

    package func startShard(_ index: Int) throws { _ = try Self.run("start-shard", String(index), folder) }

    package func killReplica(_ index: Int) throws { _ = try Self.run("kill-replica", String(index), folder) }

    /// Stops shard `index`'s processes (SIGSTOP): it accepts connections and never answers.
    package func pauseShard(_ index: Int) throws { _ = try Self.run("pause-shard", String(index), folder) }

    package func resumeShard(_ index: Int) throws { _ = try Self.run("resume-shard", String(index), folder) }

    /// Runs `Tools/cluster` with `arguments`; its standard output.
    @discardableResult
    static func run(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ClusterTestError("Tools/cluster \(arguments.joined(separator: " ")) failed: \(message)")
        }
        return text
    }
}

/// Runs `body` with a started cluster, stopped afterwards even when `body` throws.
package func withCluster<T>(shards: Int, replicas: Bool = false, _ body: (LocalCluster) throws -> T) throws -> T {
    let cluster = try LocalCluster(shards: shards, replicas: replicas)
    defer { cluster.stop() }
    return try body(cluster)
}

package struct ClusterTestError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

/// `Tests/SampleCorpus/documents`.
package enum SampleCorpus {
    package static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SampleCorpus/documents").path
}
