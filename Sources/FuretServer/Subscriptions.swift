import FuretIndex
import FuretProtocol
import Synchronization

/// The daemon's open subscriptions, each a standing query of the engine tied to the connection
/// that opened it, where its `match` notifications go.
final class Subscriptions: Sendable {
    private struct Subscription {
        var outbox: ConnectionOutbox
        var query: any FollowedQuery
    }

    private let engine: any SearchEngine
    private let nextID = Atomic<Int>(1)
    /// Open subscriptions by id. A notification is queued under this lock, so none is queued
    /// for a subscription once its removal returns.
    private let open = Mutex<[Int: Subscription]>([:])

    init(engine: any SearchEngine) {
        self.engine = engine
    }

    /// Opens a subscription to `text` whose notifications go to `outbox`; returns its id.
    /// - Throws: as a search, for a query it cannot search.
    func subscribe(_ text: String, on outbox: ConnectionOutbox) throws -> Int {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        outbox.startDelivering()
        let query = try engine.follow(text) { [weak self] matches in
            let lines = matches.compactMap { match in
                NotificationEnvelope.encode(
                    method: MatchNotification.method,
                    params: MatchNotification(subscription: id, event: match.isNew ? .added : .changed, hit: SearchHit(match.hit)))
            }
            self?.notify(id, lines)
        }
        open.withLock { $0[id] = Subscription(outbox: outbox, query: query) }
        return id
    }

    /// Queues notification lines of subscription `id`, unless it was closed meanwhile.
    private func notify(_ id: Int, _ lines: [[UInt8]]) {
        open.withLock { open in
            guard let subscription = open[id] else { return }
            for line in lines { subscription.outbox.notify(line) }
        }
    }

    /// Closes the subscription `id` of the connection of `outbox`.
    /// - Throws: ``ErrorCode/invalidParams`` when that connection holds no such subscription.
    func unsubscribe(_ id: Int, on outbox: ConnectionOutbox) throws(ResponseError) {
        let removed = open.withLock { open -> Subscription? in
            guard open[id]?.outbox === outbox else { return nil }
            return open.removeValue(forKey: id)
        }
        guard let removed else {
            throw ResponseError(code: .invalidParams, message: "this connection has no subscription \(id)")
        }
        removed.query.close()
    }

    /// Closes every subscription of the connection of `outbox` (it is closing).
    func closeAll(on outbox: ConnectionOutbox) {
        let removed = open.withLock { open -> [Subscription] in
            let ids = open.filter { $0.value.outbox === outbox }.map(\.key)
            return ids.compactMap { open.removeValue(forKey: $0) }
        }
        for subscription in removed { subscription.query.close() }
    }

    /// Whether the connection of `outbox` holds a subscription.
    func hasAny(on outbox: ConnectionOutbox) -> Bool {
        open.withLock { $0.values.contains { $0.outbox === outbox } }
    }
}
