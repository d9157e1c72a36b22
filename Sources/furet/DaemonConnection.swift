import FuretProtocol
import Glibc

/// A connection to the daemon's Unix socket, for one request and its response.
struct DaemonConnection: ~Copyable {
    /// The longest response accepted. Far above the daemon's request limit: a page of search
    /// hits with snippets can be large.
    private static let maxResponseBytes = 256 << 20

    private let descriptor: Int32

    /// Connects to the daemon listening on `socketPath`.
    init(socketPath: String) throws(ClientError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socketPath.utf8)
        // sun_path needs a terminating NUL.
        guard path.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw .socketPathTooLong(socketPath)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: path) }

        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw .systemCall("socket", errno: errno)
        }
        let status = withUnsafePointer(to: address) { address in
            address.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard status == 0 else {
            let error = errno
            close(descriptor)
            switch error {
            case ENOENT, ECONNREFUSED: throw .noDaemon(socketPath: socketPath)
            default: throw .systemCall("connect to \(socketPath)", errno: error)
            }
        }
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Sends `request` and waits for its result.
    func call<Method: RequestMethod>(_ request: Method) throws(ClientError) -> Method.Response {
        try send(RequestEnvelope.encodeRequest(request, id: .number(1)))
        return try ResponseEnvelope.decode(receiveLine(), as: Method.Response.self).mapError(ClientError.daemon).get()
    }

    private func send(_ bytes: [UInt8]) throws(ClientError) {
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a daemon gone away is an error to report, not a SIGPIPE to die of.
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count >= 0 else {
                guard errno == EINTR else { throw .systemCall("send", errno: errno) }
                continue
            }
            sent += count
        }
    }

    private func receiveLine() throws(ClientError) -> [UInt8] {
        var framer = LineFramer(maxLineBytes: Self.maxResponseBytes)
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
