import ArgumentParser
import FuretProtocol

struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stop", abstract: "Stop the daemon.")

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        _ = try connection.call(ShutdownRequest())
        print("furetd is stopping")
    }
}
