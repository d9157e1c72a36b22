import ArgumentParser
import FuretProtocol

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Describe the index and the daemon.",
        discussion: """
            Prints `key: value` lines, keys as in the JSON-RPC status result, one `root` line per root \
            and one `skipped: REASON COUNT` line per reason files were not indexed for.
            """
    )

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        let status = try connection.call(StatusRequest())
        let lines = [
            "documents: \(status.documents)",
            "pending: \(status.pending)",
        ] + status.roots.map { "root: \($0)" } + [
            "index_path: \(status.indexPath)",
            "index_bytes: \(status.indexBytes)",
            "version: \(status.version)",
            "uptime_s: \((status.uptimeS * 10).rounded() / 10)",
            "watched_directories: \(status.watchedDirectories)",
        ] + (status.errors ?? []).map { problem in
            "error: \(problem.reason): \(problem.message)" + (problem.filesNotIndexed.map { " (\($0) files not indexed)" } ?? "")
        } + status.skipped.sorted { $0.key < $1.key }.map { "skipped: \($0.key) \($0.value)" }
        print(lines.joined(separator: "\n"))
    }
}
