import Foundation
@testable import FuretIndex
@testable import FuretServer
import FuretTestSupport
import Glibc
import Logging
import Testing

/// Subscriptions end to end: a socket server over a service whose jobs run and whose roots a
/// real watcher follows, files written on disk, notifications read from the socket.
@Suite(.serialized) struct SubscriptionTests {
    /// A server with its indexing jobs and watcher running.
    struct Live {
        let fixture: ServerFixture
        let tasks: [Task<Void, Never>]

        init() async throws {
            fixture = try await ServerFixture()
            let service = fixture.handlerFixture.service
            let watcher = RootWatcher(service: service, logger: Logger(label: "test"))
            tasks = [Task { await service.runJobs() }, Task { await watcher.run() }]
        }

        var folder: String { fixture.handlerFixture.folder }

        /// A client that gives up reading after 20 seconds (a missing notification fails the
        /// test instead of hanging it).
        func client() throws -> TestClient {
            let client = try TestClient(path: fixture.path)
            try UnixSocket.setTimeout(client.descriptor, SO_RCVTIMEO, .seconds(20))
            return client
        }

        func write(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }

        func stop() {
            tasks.forEach { $0.cancel() }
            fixture.stop()
        }

        /// Waits (10 s at most) until a search for `query` finds exactly these file names: a
        /// change is then indexed, and the next one cannot share its batch (a fixed sleep did
        /// not hold on a loaded machine).
        func waitUntil(_ query: String, finds names: Set<String>) async throws {
            for _ in 0..<200 {
                let found = try fixture.handlerFixture.engine.index.search(query, limit: 100).hits.map { ($0.path as NSString).lastPathComponent }
                if Set(found) == names { return }
                try await Task.sleep(for: .milliseconds(50))
            }
            let found = try fixture.handlerFixture.engine.index.search(query, limit: 100).hits.map(\.path)
            Issue.record("\(query) did not come to find \(names.sorted()): \(found)")
        }
    }

    private func subscribe(_ client: TestClient, _ query: String, id: Int = 1) throws -> Int {
        try client.send(#"{"jsonrpc":"2.0","id":\#(id),"method":"subscribe","params":{"query":"\#(query)"}}"# + "\n")
        let reply = try #require(try client.receive())
        return try #require((reply["result"] as? [String: Any])?["subscription"] as? Int, "\(reply)")
    }

    /// The next `match` notification: its subscription, event and path.
    private func nextMatch(_ client: TestClient) async throws -> (subscription: Int, event: String, path: String)? {
        guard let line = try await client.receiveOffPool() else { return nil }
        #expect(line["id"] == nil && line["method"] as? String == "match", "\(line)")
        let params = try #require(line["params"] as? [String: Any])
        let hit = try #require(params["hit"] as? [String: Any])
        return (try #require(params["subscription"] as? Int), try #require(params["event"] as? String),
                try #require(hit["path"] as? String))
    }

    @Test func newFilesAndEditsThatMakeAFileMatchAreNotifiedOtherChangesAreNot() async throws {
        let live = try await Live()
        defer { live.stop() }
        let client = try live.client()
        let subscription = try subscribe(client, "poireaux")

        try live.write("nouveau.txt", "Une soupe de poireaux.")
        var match = try #require(try await nextMatch(client))
        #expect(match.subscription == subscription && match.event == "added" && match.path == live.folder + "/nouveau.txt")

        // Indexed without matching, then edited to match.
        try live.write("autre.txt", "Rien à voir.")
        try await live.waitUntil("voir", finds: ["autre.txt"])
        try live.write("autre.txt", "Il y a des poireaux maintenant.")
        match = try #require(try await nextMatch(client))
        #expect(match.event == "changed" && match.path == live.folder + "/autre.txt")

        // An edit of a file that matched already, a rename and a delete notify nothing: the
        // next notification is the marker's.
        try live.write("nouveau.txt", "Une soupe de poireaux, salée.")
        try await live.waitUntil("salée", finds: ["nouveau.txt"])
        try #require(rename(live.folder + "/autre.txt", live.folder + "/renomme.txt") == 0)
        try await live.waitUntil("poireaux", finds: ["nouveau.txt", "renomme.txt", "recette.md"])
        try #require(unlink(live.folder + "/nouveau.txt") == 0)
        try await live.waitUntil("poireaux", finds: ["renomme.txt", "recette.md"])
        try live.write("repere.txt", "Des poireaux.")
        match = try #require(try await nextMatch(client))
        #expect(match.event == "added" && match.path == live.folder + "/repere.txt")
        // Replies still come between notifications, with their id.
        try client.send(#"{"jsonrpc":"2.0","id":7,"method":"search","params":{"query":"poireaux"}}"# + "\n")
        let reply = try #require(try client.receive())
        #expect(reply["id"] as? Int == 7 && reply["result"] != nil)
    }

    @Test func aBurstNotifiesEachDocumentOnceAndASubscriberThatNeverReadsIsToldWhatItMissed() async throws {
        let live = try await Live()
        defer { live.stop() }
        // Its queue holds the whole burst, however slowly this test reads.
        let reader = try live.client()
        // The sleeper connects to a second server on the same handler, whose queues hold 10.
        var limits = ServerFixture.testLimits
        limits.maxQueuedNotifications = 10
        let tight = try SocketServer(path: live.folder + "/run/tight.sock", handler: live.fixture.handlerFixture.handler,
                                     logger: Logger(label: "test"), limits: limits)
        tight.start()
        defer { tight.stop() }
        let sleeper = try TestClient(path: tight.path)
        try UnixSocket.setTimeout(sleeper.descriptor, SO_RCVTIMEO, .seconds(20))
        let readerSubscription = try subscribe(reader, "poireaux")
        _ = try subscribe(sleeper, "poireaux")
        let count = 2_000
        for number in 0..<count {
            try live.write("rafale-\(number).txt", "Dépêche \(number) : le cours des poireaux.")
        }
        var seen: [String: Int] = [:]
        while seen.count < count {
            let match = try #require(try await nextMatch(reader), "\(seen.count) of \(count) notified")
            #expect(match.subscription == readerSubscription && match.event == "added")
            seen[match.path, default: 0] += 1
        }
        #expect(seen.values.allSatisfy { $0 == 1 })
        #expect(Set(seen.keys) == Set((0..<count).map { live.folder + "/rafale-\($0).txt" }))
        // The reader's connection still answers.
        try reader.send(#"{"jsonrpc":"2.0","id":2,"method":"status"}"# + "\n")
        #expect(try #require(try reader.receive())["id"] as? Int == 2)

        // The sleeper reads at last: what the socket held, at most 10 queued, and a count of
        // the rest; together, every document.
        var received = 0
        var dropped = 0
        while received + dropped < count {
            let line = try #require(try sleeper.receive(), "\(received) received, \(dropped) dropped")
            switch line["method"] as? String {
            case "match": received += 1
            case "dropped": dropped += try #require((line["params"] as? [String: Any])?["notifications"] as? Int)
            default: Issue.record("unexpected line \(line)")
            }
        }
        #expect(dropped > 0)
        #expect(received + dropped == count)
    }

    @Test func severalSubscriptionsPerConnectionUnsubscribeAndClosedConnections() async throws {
        let live = try await Live()
        defer { live.stop() }
        let client = try live.client()
        let soup = try subscribe(client, "poireaux", id: 1)
        let cream = try subscribe(client, "crème", id: 2)
        #expect(soup != cream)
        let other = try live.client()
        let otherSubscription = try subscribe(other, "crème")

        try live.write("soupe.txt", "Poireaux et crème.")
        let first = try #require(try await nextMatch(client))
        let second = try #require(try await nextMatch(client))
        #expect(Set([first.subscription, second.subscription]) == [soup, cream])
        #expect(try #require(try await nextMatch(other)).subscription == otherSubscription)

        try client.send(#"{"jsonrpc":"2.0","id":3,"method":"unsubscribe","params":{"subscription":\#(soup)}}"# + "\n")
        #expect(try #require(try client.receive())["id"] as? Int == 3)
        // Not this connection's subscription.
        try other.send(#"{"jsonrpc":"2.0","id":4,"method":"unsubscribe","params":{"subscription":\#(cream)}}"# + "\n")
        let refused = try #require(try other.receive())
        #expect((refused["error"] as? [String: Any])?["code"] as? Int == -32602)

        try live.write("gratin.txt", "Poireaux à la crème.")
        let after = try #require(try await nextMatch(client))
        #expect(after.subscription == cream && after.path == live.folder + "/gratin.txt")

        // A closed connection's subscriptions end with it.
        let index = live.fixture.handlerFixture.engine.index
        #expect(index.standingQueries.current.count == 2)
        shutdown(other.descriptor, Int32(SHUT_RDWR))
        let deadline = ContinuousClock.now + .seconds(5)
        while index.standingQueries.current.count != 1, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(index.standingQueries.current.count == 1)
    }

    @Test func aQueryThatCannotBeSearchedIsRefused() async throws {
        let live = try await Live()
        defer { live.stop() }
        let client = try live.client()
        try client.send(#"{"jsonrpc":"2.0","id":1,"method":"subscribe","params":{"query":"after:demain"}}"# + "\n")
        let reply = try #require(try client.receive())
        #expect((reply["error"] as? [String: Any])?["code"] != nil)
        #expect(live.fixture.handlerFixture.engine.index.standingQueries.current.isEmpty)
    }
}
