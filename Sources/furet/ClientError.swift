import FuretProtocol
import Glibc

/// Why the client got no result; reported as `furet: <description>`, with exit status 2.
enum ClientError: Error, CustomStringConvertible {
    /// No socket file, or a stale one: the daemon is not running. `userUnit` is the path of
    /// furetd's systemd user unit when one is installed.
    case noDaemon(socketPath: String, userUnit: String? = nil)
    /// The process answering on the socket belongs to another user; nothing was sent.
    case foreignDaemon(socketPath: String, userID: UInt32)
    /// The path does not fit in a `sockaddr_un`.
    case socketPathTooLong(String)
    /// A system call failed; `call` names it and what it acted on.
    case systemCall(String, errno: Int32)
    case closedBeforeResponse
    /// The daemon closed a connection that waited for notifications (it stopped).
    case closedWhileFollowing
    case responseTooLong
    /// The daemon answered with an error.
    case daemon(ResponseError)
    /// `furet open` without a query, before any search was saved at this path.
    case noLastSearch(String)
    case unreadableLastSearch(String)
    /// Neither `$XDG_RUNTIME_DIR`, `$XDG_CACHE_HOME` nor `$HOME` is set.
    case noLastSearchFolder
    /// `furet open N` with fewer than N hits.
    case noSuchHit(Int, hits: Int)

    var description: String {
        switch self {
        case .noDaemon(let socketPath, nil):
            "no daemon is listening on \(socketPath); start one with: furetd [ROOT...]"
        case .noDaemon(let socketPath, let userUnit?):
            "no daemon is listening on \(socketPath); start one with: systemctl --user start furetd (its unit is \(userUnit)), or: furetd [ROOT...]"
        case .foreignDaemon(let socketPath, let userID):
            "the daemon on \(socketPath) runs as another user (uid \(userID)); nothing was sent. "
                + "Check who owns the socket's folder, or use --socket"
        case .socketPathTooLong(let socketPath):
            "the socket path is too long: \(socketPath)"
        case .systemCall(let call, let errno):
            "\(call): \(String(cString: strerror(errno)))"
        case .closedBeforeResponse:
            "the daemon closed the connection without answering"
        case .closedWhileFollowing:
            "the daemon closed the connection (it stopped?); run furet follow again once it is back"
        case .responseTooLong:
            "the daemon's response is too long"
        case .daemon(let error):
            error.message
        case .noLastSearch(let path):
            "no search to open a hit of (\(path) does not exist): run furet search first, or give the query: furet open N QUERY"
        case .unreadableLastSearch(let path):
            "the last search's hits in \(path) cannot be read: search again"
        case .noLastSearchFolder:
            "no folder to keep the last search's hits in: set XDG_RUNTIME_DIR or HOME"
        case .noSuchHit(let number, let hits):
            "no hit \(number): the search has \(counted(hits, "hit"))"
        }
    }
}
