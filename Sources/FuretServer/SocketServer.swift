import Foundation
import FuretProtocol
import Logging
import Synchronization

/// Serves a ``RequestHandler`` on a Unix domain socket: one JSON object per line, requests
/// pipelined per connection, replies in order, and the notifications of the connection's
/// subscriptions between them (see ``ConnectionOutbox``).
///
/// Plain POSIX sockets with a thread per connection: a search blocks only its own thread
/// on a database reader, so clients read in parallel and a slow or stuck client never delays
/// the others. Measured in `Tools/bench` against the targets of the daemon issue.
package final class SocketServer: Sendable {
    /// Limits that keep idle, stalled or hostile clients from holding the server.
    package struct Limits: Sendable {
        /// Connections at once. At the limit, the connection idle for longest is closed to
        /// make room for a new one; connections answering a request are never closed.
        package var maximumConnections = 512
        /// A connection that sends nothing for this long is closed.
        package var idleTimeout: Duration = .seconds(300)
        /// A connection that stops in the middle of a request line for this long is closed.
        package var partialLineTimeout: Duration = .seconds(10)
        /// A client that reads none of its replies for this long is disconnected.
        package var sendTimeout: Duration = .seconds(30)
        /// How long ``SocketServer/stop()`` waits for requests in flight before it cuts
        /// every connection, and then for their threads to notice.
        package var drainTimeout: Duration = .seconds(2)
        package var maxLineBytes = LineFramer.defaultMaxLineBytes
        /// Notifications waiting to be written to one connection; past it they are dropped
        /// and the client told (see ``ConnectionOutbox``). Four batches of indexing (a
        /// notification is about 500 bytes: 2 MB at most), so that a client reading more
        /// slowly than the daemon indexes a burst still gets every match.
        package var maxQueuedNotifications = 4_096

        package init() {}
    }

    package let path: String
    private let handler: RequestHandler
    private let logger: Logger
    private let limits: Limits
    private let listener: Int32
    /// What the server knows of a connection, to choose which one to close at the limit.
    private struct Connection {
        var lastActive: ContinuousClock.Instant
        /// Answering a request: never closed to make room.
        var busy = false
    }
    private struct State {
        var connections: [Int32: Connection] = [:]
        /// Set by the first ``SocketServer/start()``: one accept loop per listener.
        var started = false
        var stopping = false
    }
    private let state = Mutex(State())
    private let finished = DispatchGroup()
    private let socketRemoved = Atomic<Bool>(false)

    /// Creates the socket's folder (0700) when missing, replaces a stale socket, and listens.
    /// - Throws: ``ServerError`` when the folder is not the user's alone (see
    ///   ``SocketDirectory``), another daemon is live at `path`, or the path is taken by
    ///   something else.
    package init(path: String, handler: RequestHandler, logger: Logger, limits: Limits = Limits()) throws {
        self.path = path
        self.handler = handler
        self.logger = logger
        self.limits = limits
        try Self.claim(path)
        do {
            listener = try UnixSocket.listen(at: path)
        } catch {
            throw ServerError.cannotListen(path: path, reason: error.description)
        }
    }

    /// Accepts connections on a dedicated thread until ``stop()``.
    ///
    /// - Returns: whether this call started it: `false` when the server was already started
    ///   or stopped, which starts nothing.
    @discardableResult
    package func start() -> Bool {
        let starting = state.withLock { state in
            defer { state.started = true }
            return !state.started && !state.stopping
        }
        guard starting else { return false }
        finished.enter()
        Thread.detachNewThread { [self] in
            defer { finished.leave() }
            acceptLoop()
        }
        return true
    }

    /// Stops accepting, lets requests in flight finish and be answered, closes the
    /// connections, removes the socket file, and returns.
    ///
    /// Returns within twice ``Limits/drainTimeout`` whatever the clients do: connections
    /// still open after the first are cut (a client not reading its replies then gets an
    /// error instead of holding the daemon), and a request still running after the second
    /// is left to the process's exit.
    ///
    /// A second call returns at once: the listener is closed once, so its descriptor number,
    /// which another file may have taken since, is never closed again.
    package func stop() {
        let open = state.withLock { state -> [Int32]? in
            guard !state.stopping else { return nil }
            state.stopping = true
            return Array(state.connections.keys)
        }
        guard let open else { return }
        shutdown(listener, Int32(SHUT_RDWR))
        // Connections stop reading; a request being handled still gets its reply.
        for descriptor in open { shutdown(descriptor, Int32(SHUT_RD)) }
        if finished.wait(timeout: limits.drainTimeout.fromNow) == .timedOut {
            let remaining = state.withLock { Array($0.connections.keys) }
            logger.warning("closing connections still open at shutdown", metadata: ["count": "\(remaining.count)"])
            for descriptor in remaining { shutdown(descriptor, Int32(SHUT_RDWR)) }
            if finished.wait(timeout: limits.drainTimeout.fromNow) == .timedOut {
                logger.warning("requests still running at shutdown are abandoned")
            }
        }
        close(listener)
        removeSocketFile()
    }

    /// Removes the socket file, once: after that, the path may be another daemon's.
    package func removeSocketFile() {
        if !socketRemoved.exchange(true, ordering: .acquiringAndReleasing) { unlink(path) }
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
            guard admit(descriptor) else {
                close(descriptor)
                continue
            }
            finished.enter()
            Thread.detachNewThread { [self] in
                defer {
                    state.withLock { _ = $0.connections.removeValue(forKey: descriptor) }
                    close(descriptor)
                    finished.leave()
                }
                serve(descriptor)
            }
        }
    }

    /// Records a new connection; at the limit, first closes the one idle for longest.
    ///
    /// The closed connection leaves the table at once, while its descriptor stays open until
    /// its thread ends, so its number cannot be reused meanwhile.
    /// - Returns: `false` when stopping, or when every connection is answering a request.
    private func admit(_ descriptor: Int32) -> Bool {
        let now = ContinuousClock.now
        let (admitted, evicted) = state.withLock { state -> (Bool, (Int32, Duration)?) in
            guard !state.stopping else { return (false, nil) }
            var evicted: (Int32, Duration)?
            if state.connections.count >= limits.maximumConnections {
                guard let idlest = state.connections.filter({ !$0.value.busy }).min(by: { $0.value.lastActive < $1.value.lastActive })
                else { return (false, nil) }
                state.connections.removeValue(forKey: idlest.key)
                evicted = (idlest.key, now - idlest.value.lastActive)
            }
            state.connections[descriptor] = Connection(lastActive: now)
            return (true, evicted)
        }
        if let (victim, idle) = evicted {
            shutdown(victim, Int32(SHUT_RDWR))
            logger.warning(
                "connection limit reached: closed the connection idle for longest to serve a new one",
                metadata: ["limit": "\(limits.maximumConnections)", "idle": "\(idle)"])
        } else if !admitted {
            logger.warning("connection limit reached and every connection is busy: refused a new one",
                           metadata: ["limit": "\(limits.maximumConnections)"])
        }
        return admitted
    }

    /// Marks a connection as answering requests, or as waiting for the next one.
    private func setBusy(_ descriptor: Int32, _ busy: Bool) {
        let now = ContinuousClock.now
        state.withLock { state in
            state.connections[descriptor]?.busy = busy
            state.connections[descriptor]?.lastActive = now
        }
    }

    /// Reads lines and answers each in order until the client closes, breaks the framing,
    /// or stays silent past its timeout.
    private func serve(_ descriptor: Int32) {
        var framer = LineFramer(maxLineBytes: limits.maxLineBytes)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        let outbox = ConnectionOutbox(descriptor: descriptor, capacity: limits.maxQueuedNotifications)
        defer {
            buffer.deallocate()
            handler.connectionClosed(outbox)
            outbox.finish()
        }
        do {
            try UnixSocket.setTimeout(descriptor, SO_SNDTIMEO, limits.sendTimeout)
            while true {
                let timeout = framer.holdsPartialLine ? limits.partialLineTimeout : limits.idleTimeout
                try UnixSocket.setTimeout(descriptor, SO_RCVTIMEO, timeout)
                guard let count = try UnixSocket.read(descriptor, into: buffer) else {
                    // A subscriber waits for notifications, saying nothing meanwhile.
                    if !framer.holdsPartialLine && handler.isSubscribed(outbox) { continue }
                    logger.debug("closing a silent connection", metadata: [
                        "timeout": "\(timeout)", "mid_request": "\(framer.holdsPartialLine)"])
                    return
                }
                if count == 0 { return }
                framer.append(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                setBusy(descriptor, true)
                defer { setBusy(descriptor, false) }
                while true {
                    let reply: RequestHandler.Reply
                    do {
                        guard let line = try framer.nextLine() else { break }
                        if line.isEmpty { continue }
                        reply = handler.handle(line: line, client: descriptor, connection: outbox)
                    } catch {
                        reply = handler.lineTooLong(limit: limits.maxLineBytes)
                    }
                    try outbox.reply(reply.line)
                    if reply.closesConnection { return }
                }
            }
        } catch {
            logger.debug("connection ended", metadata: ["error": "\(error)"])
        }
    }

    /// Makes sure `path` can be served: its folder is the user's alone (created when
    /// missing), no daemon is live there, and a stale socket is removed. The daemon calls it
    /// before opening its index, which a live daemon may be using.
    /// - Throws: ``ServerError``, as ``init(path:handler:logger:limits:)``.
    package static func claim(_ path: String) throws {
        try SocketDirectory.prepare(for: path)
        try removeStaleSocket(at: path)
    }

    private static func removeStaleSocket(at path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw ServerError.pathTaken(path) }
        if UnixSocket.isLive(path) { throw ServerError.alreadyRunning(path) }
        unlink(path)
    }
}
