import Foundation

/// `furet-bench stop`: shuts down the daemon whose pid `--pid-file` holds and waits for it to
/// exit; does nothing when it no longer runs.
struct StopCommand {
    let socketPath: String
    let pidFile: String

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(arguments, values: ["--socket", "--pid-file"], flags: [])
        socketPath = try options.required("--socket")
        pidFile = try options.required("--pid-file")
    }

    func run() throws {
        guard let daemon = try? DaemonProcess.attach(pidFile: pidFile, socketPath: socketPath) else { return }
        try daemon.shutdown(timeout: .seconds(120))
        try FileManager.default.removeItem(atPath: pidFile)
    }
}
