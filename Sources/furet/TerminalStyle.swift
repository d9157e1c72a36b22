import FuretProtocol
import Glibc

/// ANSI styles for human output: only when stdout is a terminal and `NO_COLOR` is unset,
/// whatever its value (<https://no-color.org>).
struct TerminalStyle {
    let isEnabled: Bool

    init(environment: [String: String]) {
        isEnabled = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil
    }

    func bold(_ text: String) -> String {
        styled(text, "1")
    }

    /// `snippet` with the Unicode scalars in `ranges` in bold red, as grep shows matches.
    ///
    /// Ranges are clipped to the snippet and to each other: a daemon bug must not crash
    /// the client.
    func highlight(_ ranges: [TextRange], in snippet: String) -> String {
        guard isEnabled else { return snippet }
        let scalars = Array(snippet.unicodeScalars)
        var output = ""
        var position = 0
        for range in ranges.sorted(by: { $0.start < $1.start }) {
            let start = max(range.start, position)
            let end = min(range.end, scalars.count)
            guard start < end else { continue }
            output.unicodeScalars.append(contentsOf: scalars[position..<start])
            output += styled(String(String.UnicodeScalarView(scalars[start..<end])), "1;31")
            position = end
        }
        output.unicodeScalars.append(contentsOf: scalars[position...])
        return output
    }

    private func styled(_ text: String, _ parameters: String) -> String {
        isEnabled ? "\u{1B}[\(parameters)m\(text)\u{1B}[0m" : text
    }
}
