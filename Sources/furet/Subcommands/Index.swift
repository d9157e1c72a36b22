import ArgumentParser
import FuretProtocol
import Glibc

struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Add folders or files as roots, and wait until they are indexed.",
        discussion: """
            Draws a progress bar on stderr when it is a terminal, then prints one line per root: \
            the files read, skipped and unchanged. With --no-wait, returns as soon as the daemon \
            has queued the roots (furet status shows how far it got).
            """
    )

    /// How often the daemon is asked how far it got.
    static let pollInterval: useconds_t = 200_000

    @Argument(help: "Folders or files to index and watch.")
    var paths: [String]

    @Flag(help: "Return once the roots are queued, without waiting for their indexing.")
    var noWait = false

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        let result = try connection.call(IndexRequest(paths: absolutePaths(paths)))
        guard !noWait else {
            print("\(counted(result.queued, "path")) queued for indexing (see furet status)")
            return
        }
        let roots = Set(result.roots ?? absolutePaths(paths))
        let bar = isatty(STDERR_FILENO) == 1 ? StatusBar() : nil
        var status: IndexStatus
        var mine: [IndexStatus.Progress]
        while true {
            status = try connection.call(StatusRequest())
            mine = (status.progress ?? []).filter { roots.contains($0.root) }
            // A daemon without `progress` is done when nothing is pending.
            let waiting = status.progress == nil ? status.pending > 0 : mine.contains(where: \.isActive)
            guard waiting else { break }
            if let bar, let current = mine.first(where: \.isActive) {
                bar.draw(ProgressLine(progress: current).text)
            }
            usleep(Self.pollInterval)
        }
        bar?.clear()
        for progress in mine {
            print(ProgressLine(progress: progress).text)
        }
        let problems = status.errors ?? []
        for problem in problems {
            print("error: \(problem.reason): \(problem.message)")
        }
        if mine.contains(where: \.failed) {
            throw ExitCode(2)
        }
    }
}
