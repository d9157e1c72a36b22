import ArgumentParser
import FuretRelease
import Glibc

/// The command-line client of furetd.
@main
struct Furet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "furet",
        abstract: "Search the documents indexed by furetd, the French full-text search daemon.",
        discussion: "Exit status, as grep's: 0 on success (search: at least one hit), 1 when a search has no hit, 2 on error.",
        version: "furet \(ReleaseVersion.description)",
        subcommands: [
            Search.self,
            Follow.self,
            Open.self,
            Status.self,
            Index.self,
            Forget.self,
            Analyze.self,
            Stop.self,
        ]
    )

    /// Runs the command line, with grep's exit status for every error, usage errors included
    /// (ArgumentParser would exit with 64).
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as ClientError {
            printError("furet: \(error)")
            exit(withError: ExitCode(2))
        } catch let code as ExitCode {
            exit(withError: code)
        } catch {
            guard !exitCode(for: error).isSuccess else {
                exit(withError: error) // --help
            }
            printError(fullMessage(for: error))
            exit(withError: ExitCode(2))
        }
    }

}

/// Writes `message` and a newline to stderr.
func printError(_ message: String) {
    let line = Array("\(message)\n".utf8)
    _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
