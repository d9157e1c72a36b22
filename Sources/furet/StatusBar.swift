import Glibc

/// A line on the terminal's stderr redrawn in place, cut to the terminal's width so that it
/// never wraps (a wrapped line cannot be redrawn with a carriage return).
struct StatusBar {
    func draw(_ line: String) {
        var window = winsize()
        let columns = ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &window) == 0 && window.ws_col > 0 ? Int(window.ws_col) : 80
        write("\r\u{1B}[K" + String(line.prefix(columns - 1)))
    }

    /// Erases the line, for what is printed next.
    func clear() {
        write("\r\u{1B}[K")
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
