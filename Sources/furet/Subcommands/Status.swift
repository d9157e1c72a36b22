import ArgumentParser
import FuretProtocol
import Glibc

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Describe the index and the daemon.",
        discussion: """
            Prints `key: value` lines, keys as in the JSON-RPC status result, one `root` line per root, \
            one `progress` line per root being indexed or last indexed, and one `skipped: REASON COUNT` \
            line per reason files were not indexed for. With --watch, prints them again every \
            interval until interrupted: redrawn in place on a terminal, else as blocks separated by \
            a blank line.
            """
    )

    @Flag(help: "Print the status again every interval, until interrupted.")
    var watch = false

    @Option(help: "Seconds between two prints with --watch.")
    var interval: Double = 1

    @OptionGroup
    var connection: ConnectionOptions

    func validate() throws {
        guard interval >= 0.1, interval <= 3600 else {
            throw ValidationError("--interval must be between 0.1 and 3600 seconds")
        }
    }

    func run() throws {
        guard watch else {
            print(try lines().joined(separator: "\n"))
            return
        }
        let redraws = isatty(STDOUT_FILENO) == 1
        while true {
            let block = try lines().joined(separator: "\n")
            // Home and clear the screen, as watch(1) does.
            print(redraws ? "\u{1B}[H\u{1B}[2J" + block : block + "\n")
            fflush(nil)
            usleep(useconds_t(interval * 1_000_000))
        }
    }

    private func lines() throws -> [String] {
        let status = try connection.call(StatusRequest())
        return [
            "documents: \(status.documents)",
            "pending: \(status.pending)",
        ] + status.roots.map { "root: \($0)" } + (status.progress ?? []).map { progress in
            "progress: \(ProgressLine(progress: progress).text)"
        } + [
            "index_path: \(status.indexPath)",
            "index_bytes: \(status.indexBytes)",
            "version: \(status.version)",
            "uptime_s: \((status.uptimeS * 10).rounded() / 10)",
            "watched_directories: \(status.watchedDirectories)",
        ] + (status.errors ?? []).map { problem in
            "error: \(problem.reason): \(problem.message)" + (problem.filesNotIndexed.map { " (\($0) files not indexed)" } ?? "")
        } + status.skipped.sorted { $0.key < $1.key }.map { "skipped: \($0.key) \($0.value)" }
            + (status.shards ?? []).map { shard in
                "shard: \(shard.address) " + (shard.documents.map { "\($0) documents" } ?? "down: \(shard.problem ?? "no answer")")
                    + (shard.servedBy.map { ", served by replica \($0) (\(shard.replicaDocuments ?? 0) documents"
                        + (shard.replicaBehindS.map { ", up to \(($0 * 10).rounded() / 10) s of writes behind" } ?? "") + ")" } ?? "")
                    + (shard.pendingFiles > 0 ? ", \(shard.pendingFiles) files waiting" : "")
            }
    }
}
