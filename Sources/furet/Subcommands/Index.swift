import ArgumentParser
import FuretProtocol

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Queue files or directories for indexing.")

    @Argument(help: "Files or directories, inside the daemon's roots.")
    var paths: [String]

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        let result = try connection.call(IndexRequest(paths: absolutePaths(paths)))
        print("\(counted(result.queued, "file")) queued")
    }
}
