import Foundation
import FuretProtocol
import Glibc

/// A blocking client of a Unix socket speaking one JSON object a line, for tests of the
/// socket server and of the daemon process.
package final class TestClient {
    package let descriptor: Int32
    private var buffered: [UInt8] = []

    /// Connects to the server listening at `path`.
    /// - Throws: `POSIXError` with the failing call's errno.
    package init(path: String) throws {
        guard let address = UnixSocketAddress(path) else { throw POSIXError(.ENAMETOOLONG) }
        descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Self.lastError() }
        guard address.connect(descriptor) == 0 else {
            let error = Self.lastError()
            close(descriptor)
            throw error
        }
    }

    deinit { close(descriptor) }

    package func send(_ text: String) throws { try send(bytes: Array(text.utf8)) }

    /// Writes all of `bytes`.
    package func send(bytes: [UInt8]) throws {
        let failure = SocketWrite.all(bytes, to: descriptor)
        guard failure == 0 else { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
    }

    /// The next reply line decoded, or `nil` when the server closed the connection (or a
    /// receive timeout set on ``descriptor`` passed).
    package func receive() throws -> [String: Any]? {
        try receiveLine().flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// ``receive()`` from a thread of its own, for async tests whose server runs in the test
    /// process: its jobs and watcher are tasks on Swift's cooperative pool (one thread per
    /// core), and a read blocking one of those threads for seconds can starve them of the
    /// very work that would send the awaited line.
    package func receiveOffPool() async throws -> [String: Any]? {
        nonisolated(unsafe) let client = self
        let line: Data? = try await withCheckedThrowingContinuation { continuation in
            Thread {
                do { continuation.resume(returning: try client.receiveLine()) } catch { continuation.resume(throwing: error) }
            }.start()
        }
        return try line.flatMap { try JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    /// The next line's bytes, without its newline; `nil` as for ``receive()``.
    private func receiveLine() throws -> Data? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(buffered[..<newline])
                buffered.removeSubrange(...newline)
                return line
            }
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
                throw Self.lastError()
            }
            if count == 0 { return nil }
            buffered += chunk[..<count]
        }
    }

    private static func lastError() -> POSIXError {
        POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
}
