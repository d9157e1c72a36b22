import Foundation
import FuretProtocol
public import Logging
import Synchronization

/// Serves a ``RequestHandler`` on a Unix domain socket: one JSON object per line, requests
/// pipelined per connection, replies in order.
///
/// Plain POSIX sockets with a thread per connection: a search blocks only its own thread
/// on a database reader, so clients read in parallel and a slow or stuck client never delays
/// the others. Measured in `Tools/bench` against the targets of the daemon issue.
public final class SocketServer: Sendable {
    /// Connections beyond this are refused (closed at once) so a flood cannot exhaust threads.
    public static let maximumConnections = 512

    public let path: String
    private let handler: RequestHandler
    private let logger: Logger
    private let maxLineBytes: Int
    private let listener: Int32
    private struct State {
        var connections: Set<Int32> = []
        var stopping = false
    }
    private let state = Mutex(State())
    private let finished = DispatchGroup()

    /// Creates the socket's folder (0700) when missing, replaces a stale socket, and listens.
    /// - Throws: ``ServerError`` when another daemon is live at `path`, or the path is taken
    ///   by something else.
    public init(path: String, handler: RequestHandler, logger: Logger, maxLineBytes: Int = LineFramer.defaultMaxLineBytes) throws {
        self.path = path
        self.handler = handler
        self.logger = logger
        self.maxLineBytes = maxLineBytes
        try Self.prepareDirectory(of: path)
        try Self.removeStaleSocket(at: path)
        do {
            listener = try UnixSocket.listen(at: path)
        } catch {
            throw ServerError.cannotListen(path: path, reason: error.description)
        }
    }

    /// Accepts connections on a dedicated thread until ``stop()``.
    public func start() {
        finished.enter()
        Thread.detachNewThread { [self] in
            defer { finished.leave() }
            acceptLoop()
        }
    }

    /// Stops accepting, lets every request in flight finish and be answered, closes the
    /// connections, removes the socket file, and returns when all is done.
    public func stop() {
        let open = state.withLock { state in
            state.stopping = true
            return state.connections
        }
        shutdown(listener, Int32(SHUT_RDWR))
        // Connections stop reading; a request being handled still gets its reply.
        for descriptor in open { shutdown(descriptor, Int32(SHUT_RD)) }
        finished.wait()
        close(listener)
        unlink(path)
    }

    private func acceptLoop() {
        while true {
            let descriptor = accept(listener, nil, nil)
            if descriptor < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                if state.withLock({ $0.stopping }) { return }
                logger.warning("accept failed", metadata: ["errno": "\(errno)"])
                if errno == EMFILE || errno == ENFILE { usleep(50_000); continue }
                return
            }
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            let accepted = state.withLock { state -> Bool in
                guard !state.stopping, state.connections.count < Self.maximumConnections else { return false }
                state.connections.insert(descriptor)
                return true
            }
            guard accepted else {
                close(descriptor)
                continue
            }
            finished.enter()
            Thread.detachNewThread { [self] in
                defer {
                    state.withLock { _ = $0.connections.remove(descriptor) }
                    close(descriptor)
                    finished.leave()
                }
                serve(descriptor)
            }
        }
    }

    /// Reads lines and answers each in order until the client closes or breaks the framing.
    private func serve(_ descriptor: Int32) {
        var framer = LineFramer(maxLineBytes: maxLineBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { buffer.deallocate() }
        do {
            while true {
                let count = try UnixSocket.read(descriptor, into: buffer)
                if count == 0 { return }
                framer.append(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                while true {
                    let reply: RequestHandler.Reply
                    do {
                        guard let line = try framer.nextLine() else { break }
                        if line.isEmpty { continue }
                        reply = handler.handle(line: line, client: descriptor)
                    } catch {
                        reply = handler.lineTooLong(limit: maxLineBytes)
                    }
                    try UnixSocket.write(descriptor, reply.line)
                    if reply.closesConnection { return }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    private static func prepareDirectory(of path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        var info = stat()
        if lstat(directory, &info) != 0 {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
    }

    private static func removeStaleSocket(at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw ServerError.pathTaken(path) }
        if UnixSocket.isLive(path) { throw ServerError.alreadyRunning(path) }
        unlink(path)
    }
}

/// Why the server could not start.
public enum ServerError: Error, CustomStringConvertible, Sendable {
    case alreadyRunning(String)
    case pathTaken(String)
    case cannotListen(path: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path): "another furetd is already serving \(path); stop it first (furet stop)"
        case .pathTaken(let path): "\(path) exists and is not a socket; remove it or choose another --socket"
        case .cannotListen(let path, let reason): "cannot listen on \(path): \(reason)"
        }
    }
}
