import Foundation
import FuretDocuments
import FuretIsolatedFormats

/// `furet-bench formats`: indexing a folder of real documents (Debian's French PDFs) by
/// furetd, against `pdftotext` alone on the same PDFs and `recollindex` on the same files;
/// then, with `--office`, each kind of office file and mail on its own.
///
/// Every tool reads the files Furet reads (`recollindex` is told to skip the others), one
/// run after another for each repetition, so that they share the machine's state. Text and
/// pages are counted from what Furet's formats extract (in this process, timed: what one
/// core extracts, without the helper, analysis or writing).
struct FormatsCommand {
    let configuration: DaemonProcess.Configuration
    let folder: String
    let pdftotext: String?
    let recollindex: String?
    /// A folder whose subfolders each hold one kind of file (`odt`, `docx`, `rtf`, `mail`).
    let office: String?
    let runs: Int
    let jsonPath: String?

    init(_ arguments: some Sequence<String>) throws(BenchError) {
        let options = try CommandLineOptions(
            arguments, values: ["--furetd", "--socket", "--index", "--log", "--folder", "--pdftotext", "--recollindex", "--office", "--runs", "--json"],
            flags: [])
        configuration = try DaemonProcess.Configuration(options)
        folder = try options.required("--folder")
        pdftotext = options.value("--pdftotext")
        recollindex = options.value("--recollindex")
        office = options.value("--office")
        runs = try options.integer("--runs", default: 3, minimum: 1)
        jsonPath = options.value("--json")
    }

    func run() throws {
        guard let root = FileSystem.resolve(folder), FileSystem.isDirectory(root) else {
            throw BenchError.badInput(path: folder, reason: "no such folder")
        }
        let reader = DocumentReader()
        let all = FileSystem.scan(root).sorted { $0.path < $1.path }
        let files = all.filter { reader.supports($0.path) }
        let pdfs = files.map(\.path).filter { $0.lowercased().hasSuffix(".pdf") }
        let content = Self.content(of: root)
        let skippedNames = Set(all.filter { !reader.supports($0.path) }.compactMap { file in
            file.path.lastIndex(of: ".").map { "*" + file.path[$0...] }
        }).sorted()
        var furet: [Double] = []
        var pdftotextSeconds: [Double] = []
        var recoll: [Double] = []
        var daemonMemory: ProcessMemory?
        var helperMemory: ProcessMemory?
        var recollPeakBytes = 0
        for run in 1...runs {
            Console.report("formats: run \(run) of \(runs)")
            let (daemon, build) = try IndexBuild.run(configuration, roots: [root], timeout: .seconds(3600))
            furet.append(build.seconds)
            daemonMemory = build.memory
            helperMemory = Self.children(of: daemon.pid).compactMap(ProcessMemory.read).first
            try daemon.shutdown(timeout: .seconds(60))
            if let pdftotext {
                let start = ContinuousClock.now
                for pdf in pdfs { _ = try Self.run(pdftotext, [pdf, "/dev/null"]) }
                pdftotextSeconds.append((ContinuousClock.now - start).seconds)
            }
            if let recollindex {
                let (seconds, peak) = try Self.recoll(recollindex, root: root, skippedNames: skippedNames)
                recoll.append(seconds)
                recollPeakBytes = max(recollPeakBytes, peak)
            }
        }
        let report = FormatsReport(
            folder: root, content: content, pdfs: pdfs.count, furetSeconds: Spread(furet),
            recollOverFuret: recoll.isEmpty ? nil : Spread(zip(recoll, furet).map { $0 / $1 }),
            pdftotextSeconds: pdftotextSeconds.isEmpty ? nil : Spread(pdftotextSeconds),
            recollindexSeconds: recoll.isEmpty ? nil : Spread(recoll),
            daemonMemory: daemonMemory, helperMemory: helperMemory,
            recollindexPeakBytes: recoll.isEmpty ? nil : recollPeakBytes, skippedByRecoll: skippedNames,
            kinds: try office.map { try kinds(in: $0) } ?? [])
        print(report.markdown)
        if let jsonPath {
            try BenchReport.record(report, as: FormatsReport.section, in: jsonPath)
        }
    }

    /// What Furet's formats extract from the files under `root`, read in this process.
    private static func content(of root: String) -> FormatsReport.Content {
        let reader = DocumentReader(extractor: IsolatedFormats())
        var content = FormatsReport.Content()
        let start = ContinuousClock.now
        for file in FileSystem.scan(root).sorted(by: { $0.path < $1.path }) where reader.supports(file.path) {
            content.files += 1
            content.fileBytes += file.stamp.size
            guard let read = try? reader.read(file.path, stamp: file.stamp) else { continue }
            for document in [read.extracted.document] + read.extracted.parts.map(\.document) {
                content.documents += document.body.isEmpty && document.title.isEmpty ? 0 : 1
                content.textBytes += document.body.utf8.count
                content.pages += document.paged ? document.body.utf8.count { $0 == 0x0C } + 1 : 0
            }
        }
        content.extractionSeconds = (ContinuousClock.now - start).seconds
        return content
    }

    /// Each subfolder of `folder` indexed on its own by furetd, `runs` times.
    private func kinds(in folder: String) throws -> [FormatsReport.Kind] {
        guard let root = FileSystem.resolve(folder), FileSystem.isDirectory(root) else {
            throw BenchError.badInput(path: folder, reason: "no such folder")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: root).sorted().filter { FileSystem.isDirectory(root + "/" + $0) }
        var kinds = names.map { FormatsReport.Kind(name: $0, content: Self.content(of: root + "/" + $0)) }
        var seconds = Array(repeating: [Double](), count: kinds.count)
        for run in 1...runs {
            for (index, name) in names.enumerated() {
                Console.report("formats: \(name), run \(run) of \(runs)")
                let (daemon, build) = try IndexBuild.run(configuration, roots: [root + "/" + name], timeout: .seconds(3600))
                seconds[index].append(build.seconds)
                kinds[index].daemonMemory = build.memory
                kinds[index].helperMemory = Self.children(of: daemon.pid).compactMap(ProcessMemory.read).first
                try daemon.shutdown(timeout: .seconds(60))
            }
        }
        for index in kinds.indices { kinds[index].furetSeconds = Spread(seconds[index]) }
        return kinds
    }

    /// `recollindex -z` over `root` with a fresh configuration; its wall time and peak RSS.
    private static func recoll(_ program: String, root: String, skippedNames: [String]) throws -> (Double, Int) {
        let configuration = FileManager.default.temporaryDirectory.appendingPathComponent("furet-recoll-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: configuration, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: configuration) }
        // No spelling dictionary (aspell has no data for the locale here, and Furet builds none).
        var settings = "topdirs = \(root)\nnoaspell = 1\n"
        if !skippedNames.isEmpty { settings += "skippedNames+ = \(skippedNames.joined(separator: " "))\n" }
        try settings.write(toFile: configuration + "/recoll.conf", atomically: true, encoding: .utf8)
        let start = ContinuousClock.now
        let peak = try run("/usr/bin/time", ["-f", "%M", program, "-c", configuration, "-z"])
        let seconds = (ContinuousClock.now - start).seconds
        let kilobytes = peak.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
        return (seconds, kilobytes * 1024)
    }

    /// Runs `program` to its end; returns its standard error.
    ///
    /// - Throws: ``BenchError/badInput(path:reason:)`` when it fails.
    private static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError.badInput(path: program, reason: "exited with \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The processes whose parent is `pid` (furetd's `furet-extract`).
    private static func children(of pid: Int32) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task in
            ((try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? "")
                .split(separator: " ").compactMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }
}

/// The `formats` section.
struct FormatsReport: BenchSection {
    static let section = "formats"

    /// What the folder holds, as Furet reads it.
    struct Content: Codable {
        var files = 0
        var fileBytes = 0
        var textBytes = 0
        var pages = 0
        /// Documents extracted, an mbox's messages and a mail's attachments included.
        var documents = 0
        /// Reading and extracting every file, one after another in one process.
        var extractionSeconds = 0.0
    }

    /// One kind of office file or mail, indexed on its own.
    struct Kind: Codable {
        var name: String
        var content: Content
        var furetSeconds: Spread?
        var daemonMemory: ProcessMemory?
        var helperMemory: ProcessMemory?
    }

    var folder: String
    var content: Content
    var pdfs: Int
    var furetSeconds: Spread
    /// `recollindex`'s time over Furet's, run by run (both ran one after the other, on the
    /// machine in the same state): the target is at least 2.
    var recollOverFuret: Spread?
    var pdftotextSeconds: Spread?
    var recollindexSeconds: Spread?
    var daemonMemory: ProcessMemory?
    var helperMemory: ProcessMemory?
    var recollindexPeakBytes: Int?
    var skippedByRecoll: [String]
    var kinds: [Kind]

    var markdown: String {
        func rates(_ seconds: Spread) -> String {
            Format.fixed(Double(content.pages) / seconds.median, 0) + " pages/s, "
                + Format.fixed(Double(content.textBytes) / 1e6 / seconds.median, 2) + " MB/s of text"
        }
        var table = MarkdownTable(header: ["tool", "time (median, range)", "throughput", "peak RSS"])
        table.append(["Furet: `furetd` full build, from launch to `pending == 0`", Format.spread(furetSeconds, 2) + " s",
                      rates(furetSeconds),
                      "daemon \(daemonMemory.map { Format.megabytes($0.peakResidentBytes) } ?? "?"), "
                      + "helper \(helperMemory.map { Format.megabytes($0.peakResidentBytes) } ?? "?")"])
        if let pdftotextSeconds {
            table.append(["`pdftotext`, one PDF after another (extraction only)", Format.spread(pdftotextSeconds, 2) + " s",
                          rates(pdftotextSeconds), ""])
        }
        if let recollindexSeconds {
            table.append(["`recollindex -z` (Recoll, Xapian)", Format.spread(recollindexSeconds, 2) + " s",
                          rates(recollindexSeconds), recollindexPeakBytes.map(Format.megabytes) ?? "?"])
        }
        let speedup = recollOverFuret.map {
            "\n\nFuret is **\(Format.spread($0, 2))×** as fast as `recollindex` (its time over Furet's in each run; target ≥ 2×)."
        } ?? ""
        let skipped = skippedByRecoll.isEmpty ? "" : " `recollindex` skips what Furet does not read (\(skippedByRecoll.joined(separator: ", ")))."
        return """
            ## Formats: a folder of real documents

            `\(folder)`: \(content.files) files Furet reads (\(pdfs) PDFs), \(Format.megabytes(content.fileBytes)), \
            \(Format.count(content.pages)) pages, \(Format.megabytes(content.textBytes)) of text as Furet extracts it. \
            Each repetition runs the tools one after another.\(skipped)

            \(table.rendered)\(speedup)\(kindsMarkdown)
            """
    }

    private var kindsMarkdown: String {
        guard !kinds.isEmpty else { return "" }
        var table = MarkdownTable(header: ["kind", "files (documents)", "text", "`furetd` full build (median, range)",
                                           "MB/s of text", "extraction alone, one core", "peak RSS"])
        for kind in kinds {
            let seconds = kind.furetSeconds?.median ?? .nan
            table.append([
                kind.name, "\(kind.content.files) (\(kind.content.documents))", Format.megabytes(kind.content.textBytes),
                kind.furetSeconds.map { Format.spread($0, 2) + " s" } ?? "?",
                Format.fixed(Double(kind.content.textBytes) / 1e6 / seconds, 2),
                Format.fixed(Double(kind.content.textBytes) / 1e6 / kind.content.extractionSeconds, 1) + " MB/s",
                "daemon \(kind.daemonMemory.map { Format.megabytes($0.peakResidentBytes) } ?? "?"), "
                    + "helper \(kind.helperMemory.map { Format.megabytes($0.peakResidentBytes) } ?? "none")",
            ])
        }
        return """


            ### Office files and mail

            Each kind in a folder of its own, made from ELTeC novels by `Tools/lib/make-office-corpus.py` \
            (LibreOffice headless for ODT, DOCX and RTF; Python's `email` for mailboxes and mails with ODT \
            attachments). They have no pages: throughput is text. The full build runs from launch to \
            `pending == 0`, daemon start included; extraction alone is this process reading the files \
            one after another with Furet's formats. RTF is read inside `furetd`: no helper runs.

            \(table.rendered)
            """
    }
}
