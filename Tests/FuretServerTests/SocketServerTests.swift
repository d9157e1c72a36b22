import Foundation
@testable import FuretIndex
import FuretProtocol
@testable import FuretServer
import Glibc
import Logging
import Testing

/// A blocking test client on a Unix socket.
final class TestClient {
    let descriptor: Int32
    private var buffered: [UInt8] = []

    init(path: String) throws {
        descriptor = try UnixSocket.makeSocket()
        guard var address = UnixSocket.address(path) else { throw UnixSocket.Failure(call: "address", errno: ENAMETOOLONG) }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard result == 0 else { throw UnixSocket.Failure(call: "connect", errno: errno) }
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws { try UnixSocket.write(descriptor, Array(text.utf8)) }
    func send(bytes: [UInt8]) throws { try UnixSocket.write(descriptor, bytes) }

    /// The next reply line decoded, or `nil` when the server closed the connection.
    func receive() throws -> [String: Any]? {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(buffered[..<newline])
                buffered.removeSubrange(...newline)
                return try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any]
            }
            let count = try chunk.withUnsafeMutableBytes { try UnixSocket.read(descriptor, into: $0) }
            if count == 0 { return nil }
            buffered += chunk[..<count]
        }
    }
}

/// A server on a temporary socket over the handler fixture.
struct ServerFixture {
    let handlerFixture: HandlerFixture
    let server: SocketServer
    let path: String

    init(logger: Logger = Logger(label: "test")) async throws {
        handlerFixture = try await HandlerFixture(logger: logger)
        path = handlerFixture.folder + "/run/furet.sock"
        server = try SocketServer(path: path, handler: handlerFixture.handler, logger: Logger(label: "test"), maxLineBytes: 4_096)
        server.start()
    }

    func stop() {
        server.stop()
        handlerFixture.remove()
    }
}

private func search(_ id: Int, _ query: String) -> String {
    #"{"jsonrpc":"2.0","id":\#(id),"method":"search","params":{"query":"\#(query)"}}"# + "\n"
}

@Suite(.serialized) struct SocketServerTests {
    /// Holds every simple search turn of the fixture's index, so that a search sent now
    /// waits until ``releaseSimpleLane(_:)``.
    private func holdSimpleLane(_ fixture: ServerFixture) {
        for _ in 0..<SearchLanes.simpleTurns { fixture.handlerFixture.service.index.lanes.simple.acquire() }
    }

    private func releaseSimpleLane(_ fixture: ServerFixture) {
        for _ in 0..<SearchLanes.simpleTurns { fixture.handlerFixture.service.index.lanes.simple.release() }
    }

    /// Waits (up to 10 s) until `condition` holds.
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<10_000 where !condition() { usleep(1_000) }
        return condition()
    }

    @Test(.timeLimit(.minutes(1)))
    func aSearchWhoseClientHangsUpIsCancelled() async throws {
        let logs = CapturedLogs()
        let fixture = try await ServerFixture(logger: logs.logger)
        defer { fixture.stop() }
        holdSimpleLane(fixture)
        var client: TestClient? = try TestClient(path: fixture.path)
        try client?.send(search(1, "enquête"))
        #expect(eventually { fixture.handlerFixture.service.index.lanes.simple.waitingCount == 1 })
        client = nil
        releaseSimpleLane(fixture)
        #expect(eventually { logs.lines.contains("search stopped reason=client disconnected") }, "\(logs.lines)")
    }

    @Test(.timeLimit(.minutes(1)))
    func aClientThatOnlyStopsWritingStillGetsItsAnswer() async throws {
        let logs = CapturedLogs()
        let fixture = try await ServerFixture(logger: logs.logger)
        defer { fixture.stop() }
        holdSimpleLane(fixture)
        let client = try TestClient(path: fixture.path)
        try client.send(search(1, "enquête"))
        shutdown(client.descriptor, Int32(SHUT_WR))
        #expect(eventually { fixture.handlerFixture.service.index.lanes.simple.waitingCount == 1 })
        releaseSimpleLane(fixture)
        let reply = try #require(try client.receive())
        #expect((reply["result"] as? [String: Any])?["total"] as? Int == 1, "\(reply)")
        #expect(!logs.lines.contains { $0.hasPrefix("search stopped") })
    }

    @Test func socketIsOwnerOnlyInAnOwnerOnlyFolder() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.stop() }
        var info = stat()
        #expect(lstat(fixture.path, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o600)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(lstat((fixture.path as NSString).deletingLastPathComponent, &info) == 0)
        #expect(info.st_mode & 0o777 == 0o700)
    }

    @Test func framingAcrossChunksAndPipelinedRequestsKeepTheirOrder() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.stop() }
        let client = try TestClient(path: fixture.path)
        let requests = (1...20).map { search($0, $0.isMultiple(of: 2) ? "budget" : "enquete") }.joined()
        // Sent in awkward pieces: a request split mid-way, several in one write.
        let bytes = Array(requests.utf8)
        for start in stride(from: 0, to: bytes.count, by: 37) {
            try client.send(bytes: Array(bytes[start..<min(start + 37, bytes.count)]))
        }
        for id in 1...20 {
            let reply = try #require(try client.receive())
            #expect(reply["id"] as? Int == id)
        }
    }

    @Test func aParseErrorKeepsTheConnectionUsable() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.stop() }
        let client = try TestClient(path: fixture.path)
        try client.send("{nonsense\n" + search(2, "enquete"))
        #expect((try client.receive()?["error"] as? [String: Any])?["code"] as? Int == ErrorCode.parseError.rawValue)
        #expect(try client.receive()?["id"] as? Int == 2)
    }

    @Test func anOverlongLineGetsAnErrorThenTheConnectionCloses() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.stop() }
        let client = try TestClient(path: fixture.path)
        try client.send(String(repeating: "x", count: 10_000))
        #expect((try client.receive()?["error"] as? [String: Any])?["code"] as? Int == ErrorCode.lineTooLong.rawValue)
        #expect(try client.receive() == nil)
        // The daemon carries on.
        let other = try TestClient(path: fixture.path)
        try other.send(search(1, "enquete"))
        #expect(try other.receive()?["id"] as? Int == 1)
    }

    @Test func thirtyTwoConcurrentClientsAreAllAnswered() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.stop() }
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for clientNumber in 0..<32 {
                group.addTask {
                    let client = try TestClient(path: fixture.path)
                    var count = 0
                    for request in 0..<10 {
                        try client.send(search(clientNumber * 100 + request, "conseil OR enquete"))
                        if try client.receive()?["id"] as? Int == clientNumber * 100 + request { count += 1 }
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(answered == 320)
    }

    @Test func aStuckClientDoesNotBlockOthers() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.stop() }
        let stuck = try TestClient(path: fixture.path)
        try stuck.send(#"{"jsonrpc":"2.0","id":1,"method":"sea"#)  // never finished
        let other = try TestClient(path: fixture.path)
        try other.send(search(2, "enquete"))
        #expect(try other.receive()?["id"] as? Int == 2)
    }

    @Test func aStaleSocketIsReplacedAndALiveOneRefused() async throws {
        let fixture = try await ServerFixture()
        defer { fixture.stop() }
        // A second server on a live socket is refused and leaves the first one serving.
        #expect(throws: ServerError.self) {
            try SocketServer(path: fixture.path, handler: fixture.handlerFixture.handler, logger: Logger(label: "test"))
        }
        let client = try TestClient(path: fixture.path)
        try client.send(search(1, "enquete"))
        #expect(try client.receive()?["id"] as? Int == 1)

        // A socket file left by a killed daemon (bound, never listening) is replaced.
        let stalePath = fixture.handlerFixture.folder + "/stale.sock"
        let descriptor = try UnixSocket.makeSocket()
        var address = UnixSocket.address(stalePath)!
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        close(descriptor)
        let replacement = try SocketServer(path: stalePath, handler: fixture.handlerFixture.handler, logger: Logger(label: "test"))
        replacement.start()
        let second = try TestClient(path: stalePath)
        try second.send(search(3, "enquete"))
        #expect(try second.receive()?["id"] as? Int == 3)
        replacement.stop()
        #expect(access(stalePath, F_OK) != 0)
    }

    @Test func aPathTakenByAFileIsRefused() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let path = fixture.folder + "/enquete.txt"
        #expect(throws: ServerError.self) {
            try SocketServer(path: path, handler: fixture.handler, logger: Logger(label: "test"))
        }
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
