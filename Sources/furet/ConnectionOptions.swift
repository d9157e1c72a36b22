import ArgumentParser
import FoundationEssentials
import FuretProtocol

/// The options every subcommand has: where the daemon listens.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The daemon's socket.",
        discussion: "Default: $FURET_SOCKET, else $XDG_RUNTIME_DIR/furet/furet.sock, else /tmp/furet-$UID/furet.sock.",
        valueName: "path"
    ))
    var socket: String?

    /// Sends `request` to the daemon and returns its result.
    func call<Method: RequestMethod>(_ request: Method) throws(ClientError) -> Method.Response {
        var connection = try connect()
        return try connection.call(request)
    }

    /// Connects to the daemon.
    func connect() throws(ClientError) -> DaemonConnection {
        let environment = ProcessInfo.processInfo.environment
        let socketPath = socket ?? SocketLocation.defaultPath(environment: environment)
        do {
            return try DaemonConnection(socketPath: socketPath)
        } catch .noDaemon {
            throw .noDaemon(socketPath: socketPath, userUnit: UserUnit.installedPath(environment: environment))
        }
    }
}
