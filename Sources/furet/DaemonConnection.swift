import FuretProtocol
import Glibc

/// A connection to the daemon's Unix socket: requests and their responses, one at a time,
/// and the notifications of its subscriptions.
struct DaemonConnection: ~Copyable {
    /// The longest response accepted. Far above the daemon's request limit: a page of search
    /// hits with snippets can be large.
    private static let maxResponseBytes = 256 << 20

    private let descriptor: Int32
    private var framer = LineFramer(maxLineBytes: Self.maxResponseBytes)
    /// Notifications that arrived while waiting for a response, oldest first.
    private var heldNotifications: [[UInt8]] = []

    /// Connects to the daemon listening on `socketPath`.
    init(socketPath: String) throws(ClientError) {
        guard let address = UnixSocketAddress(socketPath) else { throw .socketPathTooLong(socketPath) }

        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw .systemCall("socket", errno: errno)
        }
        guard address.connect(descriptor) == 0 else {
            let error = errno
            close(descriptor)
            switch error {
            case ENOENT, ECONNREFUSED: throw .noDaemon(socketPath: socketPath)
            default: throw .systemCall("connect to \(socketPath)", errno: error)
            }
        }
        do {
            try Self.checkPeerIsThisUser(descriptor, socketPath: socketPath)
        } catch {
            close(descriptor)
            throw error
        }
        self.descriptor = descriptor
    }

    /// Refuses a daemon run by another user: whoever answers on the socket sees the query and
    /// chooses the hits, and a folder open to others lets them put their own socket there.
    private static func checkPeerIsThisUser(_ descriptor: Int32, socketPath: String) throws(ClientError) {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(descriptor, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0 else {
            throw .systemCall("getsockopt(SO_PEERCRED) on \(socketPath)", errno: errno)
        }
        guard credentials.uid == getuid() else {
            throw .foreignDaemon(socketPath: socketPath, userID: credentials.uid)
        }
    }

    deinit {
        close(descriptor)
    }

    /// Sends `request` and waits for its result; notifications that come first are kept for
    /// ``nextNotification()``.
    mutating func call<Method: RequestMethod>(_ request: Method) throws(ClientError) -> Method.Response {
        try send(RequestEnvelope.encodeRequest(request, id: .number(1)))
        while true {
            let line = try receiveLine()
            guard NotificationEnvelope.method(of: line) == nil else {
                heldNotifications.append(line)
                continue
            }
            return try ResponseEnvelope.decode(line, as: Method.Response.self).mapError(ClientError.daemon).get()
        }
    }

    /// The next notification line from the daemon, waiting for it as long as it takes.
    mutating func nextNotification() throws(ClientError) -> [UInt8] {
        if !heldNotifications.isEmpty { return heldNotifications.removeFirst() }
        while true {
            let line: [UInt8]
            do {
                line = try receiveLine()
            } catch .closedBeforeResponse {
                throw .closedWhileFollowing
            }
            if NotificationEnvelope.method(of: line) != nil { return line }
        }
    }

    private func send(_ bytes: [UInt8]) throws(ClientError) {
        let failure = SocketWrite.all(bytes, to: descriptor)
        guard failure == 0 else { throw .systemCall("send", errno: failure) }
    }

    private mutating func receiveLine() throws(ClientError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            do {
                if let line = try framer.nextLine() {
                    return line
                }
            } catch {
                throw .responseTooLong
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                guard count < 0 else { throw .closedBeforeResponse }
                guard errno == EINTR else { throw .systemCall("read", errno: errno) }
                continue
            }
            framer.append(chunk[..<count])
        }
    }
}

/// Linux's `struct ucred`, which Glibc declares only under `_GNU_SOURCE`: what `SO_PEERCRED`
/// reports of the process at the other end of a Unix socket.
private struct PeerCredentials {
    var pid: pid_t = 0
    var uid: uid_t = 0
    var gid: gid_t = 0
}
