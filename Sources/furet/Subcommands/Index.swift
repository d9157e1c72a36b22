import ArgumentParser
import FuretProtocol

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "index", abstract: "Add folders or files as roots, and index them in the background.")

    @Argument(help: "Folders or files to index and watch.")
    var paths: [String]

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        let result = try connection.call(IndexRequest(paths: absolutePaths(paths)))
        print("\(counted(result.queued, "path")) queued for indexing (see furet status)")
    }
}
