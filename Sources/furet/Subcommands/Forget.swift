import ArgumentParser
import FuretProtocol

struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove files or directories from the index.")

    @Argument(help: "Files or directories, as indexed.")
    var paths: [String]

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        let result = try connection.call(ForgetRequest(paths: absolutePaths(paths)))
        print("\(counted(result.removed, "document")) removed")
    }
}
