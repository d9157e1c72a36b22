/// Why the daemon could not start.
package enum DaemonError: Error, CustomStringConvertible, Sendable {
    case cannotOpenIndex(path: String, reason: String)

    package var description: String {
        switch self {
        case .cannotOpenIndex(let path, let reason):
            "cannot open the index \(path): \(reason). Check its permissions and free space; if it is damaged, "
                + "move it aside (mv \(path) \(path).old) and start furetd again with the roots: it rebuilds the index"
        }
    }
}
