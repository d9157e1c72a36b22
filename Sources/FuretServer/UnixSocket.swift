import FuretProtocol
import Glibc

/// Thin wrappers over the POSIX calls of the socket server, retrying on EINTR and throwing
/// the call's name with errno.
enum UnixSocket {
    static func makeSocket() throws(SystemCallError) -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw SystemCallError(call: "socket", errno: errno) }
        return descriptor
    }

    /// Whether a server accepts connections at `path` right now.
    static func isLive(_ path: String) -> Bool {
        guard let address = UnixSocketAddress(path), let descriptor = try? makeSocket() else { return false }
        defer { close(descriptor) }
        return address.connect(descriptor) == 0
    }

    /// Binds and listens at `path`, with owner-only permissions (0600).
    static func listen(at path: String, backlog: Int32 = 128) throws(SystemCallError) -> Int32 {
        guard let address = UnixSocketAddress(path) else { throw SystemCallError(call: "bind (path too long)", errno: ENAMETOOLONG) }
        let descriptor = try makeSocket()
        let previousMask = umask(0o177)
        let bound = address.bind(descriptor)
        umask(previousMask)
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw SystemCallError(call: "bind", errno: code)
        }
        guard chmod(path, 0o600) == 0, Glibc.listen(descriptor, backlog) == 0 else {
            let code = errno
            close(descriptor)
            throw SystemCallError(call: "listen", errno: code)
        }
        return descriptor
    }

    /// Reads some bytes; 0 at the end of the stream, `nil` when the socket's receive timeout
    /// (`SO_RCVTIMEO`) passed with nothing received.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(SystemCallError) -> Int? {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
            if errno != EINTR { throw SystemCallError(call: "read", errno: errno) }
        }
    }

    /// Sets `SO_RCVTIMEO` or `SO_SNDTIMEO`: how long a blocking read or send may wait.
    static func setTimeout(_ descriptor: Int32, _ option: Int32, _ duration: Duration) throws(SystemCallError) {
        let (seconds, microseconds) = duration.timeval
        var value = Glibc.timeval(tv_sec: seconds, tv_usec: microseconds)
        guard setsockopt(descriptor, SOL_SOCKET, option, &value, socklen_t(MemoryLayout<Glibc.timeval>.size)) == 0 else {
            throw SystemCallError(call: "setsockopt", errno: errno)
        }
    }

    /// Writes all of `bytes`.
    static func write(_ descriptor: Int32, _ bytes: [UInt8]) throws(SystemCallError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { send(descriptor, $0.baseAddress! + written, $0.count - written, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemCallError(call: "send", errno: errno)
            }
            written += count
        }
    }
}
