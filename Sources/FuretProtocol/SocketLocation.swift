internal import Glibc

/// Where the daemon listens and the client connects, unless told otherwise.
public enum SocketLocation {
    /// The socket path: `$FURET_SOCKET`, else `$XDG_RUNTIME_DIR/furet/furet.sock`, else
    /// `/tmp/furet-$UID/furet.sock`; empty variables count as unset.
    public static func defaultPath(environment: [String: String]) -> String {
        defaultPath(environment: environment, userID: getuid())
    }

    /// The socket path for the user `userID`; see ``defaultPath(environment:)``.
    public static func defaultPath(environment: [String: String], userID: UInt32) -> String {
        if let path = environment["FURET_SOCKET"], !path.isEmpty {
            return path
        }
        if let runtimeDirectory = environment["XDG_RUNTIME_DIR"], !runtimeDirectory.isEmpty {
            return "\(runtimeDirectory)/furet/furet.sock"
        }
        return "/tmp/furet-\(userID)/furet.sock"
    }
}
