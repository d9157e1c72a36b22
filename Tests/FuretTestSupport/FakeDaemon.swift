import Foundation
import FuretProtocol
import Glibc
import Synchronization

/// A daemon for one request: listens on a fresh Unix socket, accepts one connection, reads
/// one line and answers with a canned reply if the method is the expected one,
/// `methodNotFound` otherwise, then with canned notifications if any.
package final class FakeDaemon: Sendable {
    package let socketPath: String
    private let directory: String
    private let listener: Int32
    private let request = Mutex<String?>(nil)
    private let served = DispatchSemaphore(value: 0)

    /// Starts a daemon that answers `Method` requests with `reply`, then sends `notifications`
    /// (lines ending with `\n`) and closes the connection.
    package init<Method: RequestMethod>(
        answering _: Method.Type, with reply: Result<Method.Response, ResponseError>, then notifications: [[UInt8]] = []
    ) throws {
        (directory, socketPath) = try Self.makeSocketDirectory()
        listener = try Self.bindSocket(at: socketPath)
        guard listen(listener, 1) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        Thread.detachNewThread { [self] in
            serve(then: notifications) { envelope in
                guard envelope.method == Method.method else {
                    return ResponseEnvelope.encodeError(ResponseError(code: .methodNotFound, message: "unexpected method"), id: envelope.id)
                }
                switch reply {
                case .success(let result): return ResponseEnvelope.encodeResult(result, id: envelope.id)
                case .failure(let error): return ResponseEnvelope.encodeError(error, id: envelope.id)
                }
            }
        }
    }

    /// Stops listening and returns the request line received, if any; call it once the
    /// client has exited.
    package func finish() -> String? {
        // Wakes up accept() if the client never connected.
        shutdown(listener, Int32(SHUT_RDWR))
        served.wait()
        close(listener)
        try? FileManager.default.removeItem(atPath: directory)
        return request.withLock { $0 }
    }

    private func serve(then notifications: [[UInt8]], _ answer: (RequestEnvelope) -> [UInt8]) {
        defer { served.signal() }
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        defer { close(connection) }
        var framer = LineFramer()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let line = try? framer.nextLine() {
                request.withLock { $0 = String(decoding: line, as: UTF8.self) }
                let reply = (try? RequestEnvelope(line: line)).map(answer)
                    ?? ResponseEnvelope.encodeError(ResponseError(code: .parseError, message: "bad request"), id: nil)
                for line in [reply] + notifications {
                    _ = line.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                }
                return
            }
            let count = buffer.withUnsafeMutableBytes { read(connection, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            framer.append(buffer[..<count])
        }
    }

    /// A fresh directory and a socket path in it, short enough for `sockaddr_un`.
    package static func makeSocketDirectory() throws -> (directory: String, socketPath: String) {
        var template = Array("/tmp/furet-client-tests-XXXXXX".utf8CString)
        guard let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        let path = String(cString: directory)
        return (path, path + "/furet.sock")
    }

    /// A Unix stream socket bound to `path`, not listening yet.
    package static func bindSocket(at path: String) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        guard let address = UnixSocketAddress(path) else { throw POSIXError(.ENAMETOOLONG) }
        guard address.bind(descriptor) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        return descriptor
    }
}
