import FuretProtocol
import Glibc

/// A blocking connection to furetd's Unix socket, as the simplest integrator would write one:
/// plain POSIX calls, one request at a time, each answered before the next is sent.
///
/// Not thread-safe: each client thread of a benchmark opens its own connection.
///
/// ```swift
/// let client = try DaemonClient(socketPath: "/tmp/furet-bench/furetd.sock")
/// let status = try client.call(StatusRequest())
/// ```
final class DaemonClient {
    /// Far above a page of hits with snippets; a longer line is an error.
    private static let maxResponseBytes = 64 << 20

    let socketPath: String
    private let descriptor: Int32
    private var framer = LineFramer(maxLineBytes: maxResponseBytes)
    private var chunk = [UInt8](repeating: 0, count: 64 << 10)
    private var nextID = 1

    /// Connects to the daemon listening on `socketPath`.
    ///
    /// - Throws: ``BenchError/systemCall(_:errno:)``, with `ENOENT` or `ECONNREFUSED` when no
    ///   daemon listens (yet).
    init(socketPath: String) throws(BenchError) {
        guard let address = UnixSocketAddress(socketPath) else {
            throw .badInput(path: socketPath, reason: "too long for a Unix socket path")
        }
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .systemCall("socket", errno: errno) }
        guard address.connect(descriptor) == 0 else {
            let error = errno
            close(descriptor)
            throw .systemCall("connect to \(socketPath)", errno: error)
        }
        self.socketPath = socketPath
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Connects as soon as the daemon listens: retries every 10 ms while `isAlive()` holds,
    /// for up to `timeout`.
    ///
    /// - Throws: ``BenchError/timedOut(_:)``, or what `isAlive` reports once false.
    static func connect(
        socketPath: String, within timeout: Duration, isAlive: () throws(BenchError) -> Void
    ) throws(BenchError) -> DaemonClient {
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                return try DaemonClient(socketPath: socketPath)
            } catch .systemCall(_, let code) where code == ENOENT || code == ECONNREFUSED {
                try isAlive()
                guard ContinuousClock.now < deadline else { throw .timedOut("no daemon listening on \(socketPath)") }
                blockingSleep(for: .milliseconds(10))
            }
        }
    }

    /// Sends `request` and decodes its result.
    ///
    /// - Throws: ``BenchError/daemon(method:_:)`` when the daemon answers with an error;
    ///   ``BenchError/connection(socketPath:reason:)`` or ``BenchError/systemCall(_:errno:)``
    ///   when the connection fails.
    func call<Method: RequestMethod>(_ request: Method) throws(BenchError) -> Method.Response {
        try Self.decode(exchange(request), as: Method.self)
    }

    /// Sends `request` and returns its response line undecoded: the part of a call a latency
    /// measurement times (decoding is the client's own cost, not the daemon's).
    func exchange<Method: RequestMethod>(_ request: Method) throws(BenchError) -> [UInt8] {
        try send(RequestEnvelope.encodeRequest(request, id: .number(nextID)))
        nextID += 1
        return try receiveLine()
    }

    /// The next line the daemon sends, whatever it is: on a subscribed connection, its
    /// notifications.
    func nextLine() throws(BenchError) -> [UInt8] {
        try receiveLine()
    }

    /// Ends the connection both ways, from any thread: a read blocked on it returns.
    func hangUp() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    /// The result of a response line of `Method`.
    ///
    /// - Throws: ``BenchError/daemon(method:_:)`` for an error response, or a line that is
    ///   not a valid response.
    static func decode<Method: RequestMethod>(_ line: [UInt8], as method: Method.Type) throws(BenchError) -> Method.Response {
        switch ResponseEnvelope.decode(line, as: Method.Response.self) {
        case .success(let result): return result
        case .failure(let error): throw .daemon(method: Method.method, error)
        }
    }

    private func send(_ bytes: [UInt8]) throws(BenchError) {
        let failure = SocketWrite.all(bytes, to: descriptor)
        guard failure == 0 else { throw .systemCall("send to \(socketPath)", errno: failure) }
    }

    private func receiveLine() throws(BenchError) -> [UInt8] {
        while true {
            do {
                if let line = try framer.nextLine() { return line }
            } catch {
                throw .connection(socketPath: socketPath, reason: "response longer than \(Self.maxResponseBytes) bytes")
            }
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                guard count < 0 else { throw .connection(socketPath: socketPath, reason: "closed before answering") }
                guard errno == EINTR else { throw .systemCall("read from \(socketPath)", errno: errno) }
                continue
            }
            framer.append(chunk[..<count])
        }
    }
}
