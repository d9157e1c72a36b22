import ArgumentParser
import FuretProtocol

struct Forget: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forget", abstract: "Forget roots (or the roots under a folder) and their documents.")

    @Argument(help: "Roots, as given to furet index or furetd.")
    var paths: [String]

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        let result = try connection.call(ForgetRequest(paths: absolutePaths(paths)))
        print("\(counted(result.removed, "document")) removed")
    }
}
