extension DaemonProcess.Configuration {
    /// The configuration given by `--furetd`, `--socket`, `--index` and `--log`.
    init(_ options: CommandLineOptions) throws(BenchError) {
        self.init(
            executable: try options.required("--furetd"), socketPath: try options.required("--socket"),
            indexPath: try options.required("--index"), logPath: try options.required("--log"))
    }
}
