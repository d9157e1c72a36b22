/// `furet-bench daemon-index`: a full build by furetd, from an empty index.
///
/// Starts furetd on an empty index with the given roots, waits until nothing is pending (see
/// ``IndexBuild``), reports time, throughput, memory and index size, and leaves the daemon
/// running for the next sections, its pid in `--pid-file`.
struct DaemonIndexCommand {
    let configuration: DaemonProcess.Configuration
    let roots: [String]
    let pidFile: String
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--furetd", "--socket", "--index", "--log", "--roots", "--pid-file", "--json"], flags: [])
        configuration = try DaemonProcess.Configuration(options)
        roots = try options.requiredList("--roots")
        pidFile = try options.required("--pid-file")
        jsonPath = options.value("--json")
    }

    func run() throws {
        let loadAverage = MachineInfo.loadAverage()
        let (daemon, build) = try IndexBuild.run(configuration, roots: roots, timeout: .seconds(3600))
        try daemon.writePID(to: pidFile)
        let report = DaemonIndexReport(build: build, loadAverageBefore: loadAverage)
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: DaemonIndexReport.section, in: jsonPath)
        }
    }
}

/// The `daemon_index` section.
struct DaemonIndexReport: BenchSection {
    static let section = "daemon_index"

    var build: IndexBuild
    var loadAverageBefore: String

    var markdown: String {
        var table = MarkdownTable(header: ["measure", "value"])
        table.append(["documents (files)", "\(Format.count(build.documents)) (\(Format.count(build.files)))"])
        table.append(["text", Format.megabytes(build.textBytes)])
        table.append(["wall time", Format.fixed(build.seconds, 1) + " s"])
        if let merged = build.mergedSeconds {
            table.append(["wall time until settled (segments merged)", Format.fixed(merged, 1) + " s"])
        }
        table.append(["throughput", Format.fixed(build.megabytesPerSecond, 2) + " MB/s, "
            + Format.fixed(build.documentsPerSecond, 0) + " documents/s"])
        table.append(["peak RSS while indexing and merging (VmHWM)", Format.megabytes(build.memory.peakResidentBytes)])
        table.append(["RSS once settled (VmRSS; anonymous)",
            "\(Format.megabytes(build.memory.residentBytes)) (\(Format.megabytes(build.memory.anonymousBytes)))"])
        table.append(["index on disk (.sqlite + -wal)", "\(Format.megabytes(build.indexBytes)) "
            + "(WAL \(Format.megabytes(build.walBytes)))"])
        table.append(["index / text", Format.fixed(build.indexToText, 2)])
        return """
            ## Full build by the daemon

            `furetd` started on an empty index with \(build.roots.map { "`\($0)`" }.joined(separator: " and ")) \
            as roots; timed from its launch to the first `status` with `pending == 0` (polled every 1 % of \
            the time elapsed). Memory and index size are read once the daemon has settled (its CPU time \
            still for half a second: after a bulk load it merges the index's segments in the background). \
            Text: the sizes of the files furetd indexes. Load average before: \(loadAverageBefore).

            \(table.rendered)
            """
    }
}
