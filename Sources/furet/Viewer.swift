import FuretProtocol
import Glibc

/// The program that shows a hit at its place: the user's editor at the line for plain text,
/// evince at the page for a paged document, else whatever the desktop opens the file with.
///
/// The editor is `$VISUAL`, else `$EDITOR`, run by the shell as git runs it (the variable may
/// hold options: `EDITOR="code -w"`), with vi's `+LINE`, which vi, vim, nano, emacs, micro,
/// kak and code's `-g`-less launchers all understand.
struct Viewer {
    let environment: [String: String]

    /// The command line showing `hit`.
    func command(for hit: SearchHit) -> [String] {
        if let page = hit.page {
            if let evince = executable(named: "evince") { return [evince, "-i", "\(page)", hit.path] }
        } else if let line = hit.line, let editor = editor {
            return ["/bin/sh", "-c", editor + #" "$@""#, "sh", "+\(line)", hit.path]
        }
        return [executable(named: "xdg-open") ?? "xdg-open", hit.path]
    }

    private var editor: String? {
        [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.allSatisfy(\.isWhitespace) }
    }

    /// The path of `name` in `$PATH`; `nil` when none is executable.
    private func executable(named name: String) -> String? {
        (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    /// Replaces this process with `command`: the viewer gets the terminal and its exit status
    /// is furet's.
    static func run(_ command: [String]) throws(ClientError) -> Never {
        let arguments = command.map { strdup($0) } + [nil]
        execv(command[0], arguments)
        throw .systemCall("run \(command[0])", errno: errno)
    }
}
