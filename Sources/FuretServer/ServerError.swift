/// Why the server could not start.
package enum ServerError: Error, CustomStringConvertible, Sendable {
    case alreadyRunning(String)
    case pathTaken(String)
    case cannotListen(path: String, reason: String)
    /// The socket's folder could be reached or changed by another user.
    case unsafeDirectory(String, reason: String)

    package var description: String {
        switch self {
        case .alreadyRunning(let path): "another furetd is already serving \(path); stop it first (furet stop)"
        case .pathTaken(let path): "\(path) exists and is not a socket; remove it or choose another --socket"
        case .cannotListen(let path, let reason): "cannot listen on \(path): \(reason)"
        case .unsafeDirectory(let folder, let reason):
            "refusing to serve in \(folder): it \(reason); another user could intercept the queries. "
                + "Remove it, or choose another --socket in a folder only you can use"
        }
    }
}
