import Foundation
@testable import FuretIndex
import FuretProtocol
@testable import FuretServer
import FuretTestSupport
import Glibc
import Logging
import Testing

/// A server on a temporary socket over the handler fixture.
struct ServerFixture {
    let handlerFixture: HandlerFixture
    let server: SocketServer
    let path: String

    init(logger: Logger = Logger(label: "test"), limits: SocketServer.Limits = ServerFixture.testLimits) async throws {
        handlerFixture = try await HandlerFixture(logger: logger)
        path = handlerFixture.folder + "/run/furet.sock"
        server = try SocketServer(path: path, handler: handlerFixture.handler, logger: Logger(label: "test"), limits: limits)
        server.start()
    }

    static var testLimits: SocketServer.Limits {
        var limits = SocketServer.Limits()
        limits.maxLineBytes = 4_096
        return limits
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
        for _ in 0..<SearchLanes.simpleTurns { fixture.handlerFixture.engine.index.lanes.simple.acquire() }
    }

    private func releaseSimpleLane(_ fixture: ServerFixture) {
        for _ in 0..<SearchLanes.simpleTurns { fixture.handlerFixture.engine.index.lanes.simple.release() }
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
        #expect(eventually { fixture.handlerFixture.engine.index.lanes.simple.waitingCount == 1 })
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
        #expect(eventually { fixture.handlerFixture.engine.index.lanes.simple.waitingCount == 1 })
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
        let stalePath = fixture.handlerFixture.folder + "/run/stale.sock"
        let descriptor = try UnixSocket.makeSocket()
        _ = UnixSocketAddress(stalePath)!.bind(descriptor)
        close(descriptor)
        let replacement = try SocketServer(path: stalePath, handler: fixture.handlerFixture.handler, logger: Logger(label: "test"))
        replacement.start()
        let second = try TestClient(path: stalePath)
        try second.send(search(3, "enquete"))
        #expect(try second.receive()?["id"] as? Int == 3)
        replacement.stop()
        #expect(access(stalePath, F_OK) != 0)
    }

    @Test(.timeLimit(.minutes(1)))
    func aServerStartsAndStopsOnce() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let path = fixture.folder + "/run/furet.sock"
        let server = try SocketServer(path: path, handler: fixture.handler, logger: Logger(label: "test"))
        #expect(server.start())
        #expect(!server.start())
        let client = try TestClient(path: path)
        try client.send(search(1, "enquete"))
        #expect(try client.receive()?["id"] as? Int == 1)

        server.stop()
        #expect(access(path, F_OK) != 0)
        #expect(!server.start())
        // A second stop closes nothing: a file opened since may have the listener's number.
        let opened = open(fixture.folder + "/enquete.txt", O_RDONLY)
        #expect(opened >= 0)
        defer { close(opened) }
        server.stop()
        #expect(fcntl(opened, F_GETFD) >= 0)
    }

    @Test func aPathTakenByAFileIsRefused() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        #expect(chmod(fixture.folder, 0o700) == 0)
        let path = fixture.folder + "/enquete.txt"
        #expect {
            try SocketServer(path: path, handler: fixture.handler, logger: Logger(label: "test"))
        } throws: { error in
            guard case ServerError.pathTaken = error else { return false }
            return true
        }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    /// Whether `error` is the refusal of an unsafe socket folder.
    private func isUnsafeDirectory(_ error: any Error) -> Bool {
        guard case ServerError.unsafeDirectory = error else { return false }
        return true
    }

    @Test func aSocketFolderOthersCouldUseIsRefused() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let logger = Logger(label: "test")
        // Open to everyone, as a folder made in /tmp by another user could be.
        let open = fixture.folder + "/open"
        #expect(mkdir(open, 0o700) == 0 && chmod(open, 0o777) == 0)
        #expect(performing: { try SocketServer(path: open + "/furet.sock", handler: fixture.handler, logger: logger) },
                throws: isUnsafeDirectory)
        #expect(access(open + "/furet.sock", F_OK) != 0)
        // Group-readable is open too.
        #expect(chmod(open, 0o750) == 0)
        #expect(performing: { try SocketServer(path: open + "/furet.sock", handler: fixture.handler, logger: logger) },
                throws: isUnsafeDirectory)
        // A symbolic link to a private folder: whoever owns the link's folder could repoint it.
        let target = fixture.folder + "/target"
        #expect(mkdir(target, 0o700) == 0)
        #expect(symlink(target, fixture.folder + "/link") == 0)
        #expect(performing: { try SocketServer(path: fixture.folder + "/link/furet.sock", handler: fixture.handler, logger: logger) },
                throws: isUnsafeDirectory)
        #expect(access(target + "/furet.sock", F_OK) != 0)
        // Not a directory at all.
        #expect(performing: { try SocketServer(path: fixture.folder + "/enquete.txt/furet.sock", handler: fixture.handler, logger: logger) },
                throws: isUnsafeDirectory)
        // Owned by another user, even with mode 0700.
        let foreign: String
        if geteuid() == 0 {
            foreign = fixture.folder + "/foreign"
            #expect(mkdir(foreign, 0o700) == 0 && chown(foreign, 65_534, 65_534) == 0)
        } else {
            foreign = "/"
        }
        #expect(performing: { try SocketServer(path: foreign + "/furet.sock", handler: fixture.handler, logger: logger) },
                throws: isUnsafeDirectory)
        // A private folder of the user's own is accepted.
        let server = try SocketServer(path: target + "/furet.sock", handler: fixture.handler, logger: logger)
        server.start()
        server.stop()
    }

    @Test func silentAndHalfSentConnectionsTimeOut() async throws {
        var limits = ServerFixture.testLimits
        limits.idleTimeout = .milliseconds(300)
        limits.partialLineTimeout = .milliseconds(300)
        let fixture = try await ServerFixture(limits: limits)
        defer { fixture.stop() }
        let idle = try TestClient(path: fixture.path)
        let halfSent = try TestClient(path: fixture.path)
        try halfSent.send(#"{"jsonrpc":"2.0","id":1,"meth"#)
        let start = ContinuousClock.now
        #expect(try idle.receive() == nil)
        #expect(try halfSent.receive() == nil)
        #expect(ContinuousClock.now - start < .seconds(5))
        // A client that keeps talking is not cut.
        let active = try TestClient(path: fixture.path)
        for id in 1...4 {
            usleep(150_000)
            try active.send(search(id, "enquete"))
            #expect(try active.receive()?["id"] as? Int == id)
        }
    }

    @Test func atTheLimitTheLongestIdleConnectionMakesRoom() async throws {
        var limits = ServerFixture.testLimits
        limits.maximumConnections = 4
        let fixture = try await ServerFixture(limits: limits)
        defer { fixture.stop() }
        var idle: [TestClient] = []
        for _ in 0..<4 {
            let client = try TestClient(path: fixture.path)
            // Answered once, so the server has seen each (in this order).
            try client.send(search(0, "enquete"))
            _ = try client.receive()
            idle.append(client)
            usleep(20_000)
        }
        let newcomer = try TestClient(path: fixture.path)
        try newcomer.send(search(1, "enquete"))
        #expect(try newcomer.receive()?["id"] as? Int == 1)
        // The first (idle for longest) was closed; the others still work.
        #expect(try idle[0].receive() == nil)
        for (position, client) in idle.enumerated().dropFirst() {
            try client.send(search(10 + position, "enquete"))
            #expect(try client.receive()?["id"] as? Int == 10 + position)
        }
    }

    @Test func stopReturnsPromptlyWhenAClientReadsNothing() async throws {
        var limits = ServerFixture.testLimits
        limits.drainTimeout = .milliseconds(500)
        let fixture = try await ServerFixture(limits: limits)
        defer { fixture.handlerFixture.remove() }
        let greedy = try TestClient(path: fixture.path)
        // Far more replies than the socket's buffers hold; the client reads none.
        let request = Array(#"{"jsonrpc":"2.0","id":1,"method":"status"}"#.utf8) + [10]
        let batch = Array([[UInt8]](repeating: request, count: 2_000).joined())
        let descriptor = greedy.descriptor
        Thread.detachNewThread { for _ in 0..<20 { try? UnixSocket.write(descriptor, batch) } }
        usleep(300_000)
        let start = ContinuousClock.now
        fixture.server.stop()
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(access(fixture.path, F_OK) != 0)
        withExtendedLifetime(greedy) {}
    }
}
