import Foundation
import FuretProtocol

/// The writing side of one connection: replies and notifications, one whole line at a time.
///
/// Until the connection subscribes, its thread writes each reply itself. From then on a
/// thread of the outbox's own writes every line in the order queued, so that notifications,
/// queued by the indexing task, interleave with replies without tearing a line, and a client
/// that reads slowly holds only this thread: the indexing task never waits on a socket.
///
/// At most ``capacity`` notifications wait; past it, new ones are dropped and counted, and
/// once the queue is empty again the client gets a `dropped` notification with that count
/// (see ``DroppedNotification``). Replies are never dropped: a client that sends requests
/// without reading their replies waits for room, on its own connection's thread.
final class ConnectionOutbox: @unchecked Sendable {
    let descriptor: Int32
    /// Notifications waiting at most.
    let capacity: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var queue: [(line: [UInt8], isNotification: Bool)] = []
    private var head = 0
    private var waitingNotifications = 0
    private var dropped = 0
    private var delivering = false
    private var failed = false
    private var finishing = false
    private let writerDone = DispatchSemaphore(value: 0)

    init(descriptor: Int32, capacity: Int) {
        self.descriptor = descriptor
        self.capacity = capacity
    }

    /// Sends a reply: written at once before the first subscription, queued after.
    /// - Throws: when the connection failed (the client stopped reading past the send
    ///   timeout, or went away).
    func reply(_ line: [UInt8]) throws {
        condition.lock()
        defer { condition.unlock() }
        guard delivering else {
            try UnixSocket.write(descriptor, line)
            return
        }
        while !failed && queue.count - head >= capacity { condition.wait() }
        if failed { throw SystemCallError(call: "send", errno: EPIPE) }
        queue.append((line, false))
        condition.broadcast()
    }

    /// Queues a notification, or drops it when ``capacity`` are waiting; never blocks.
    func notify(_ line: [UInt8]) {
        condition.lock()
        defer { condition.unlock() }
        guard delivering, !failed, !finishing else { return }
        if waitingNotifications >= capacity {
            dropped += 1
            return
        }
        waitingNotifications += 1
        queue.append((line, true))
        condition.broadcast()
    }

    /// Starts the outbox's writer thread, once: lines are queued from now on.
    func startDelivering() {
        condition.lock()
        defer { condition.unlock() }
        guard !delivering else { return }
        delivering = true
        Thread.detachNewThread { [self] in
            writeQueued()
            writerDone.signal()
        }
    }

    /// Writes what is queued, then stops the writer thread; returns once it has. Call before
    /// the descriptor is closed.
    func finish() {
        condition.lock()
        finishing = true
        let started = delivering
        condition.broadcast()
        condition.unlock()
        if started { writerDone.wait() }
    }

    private func writeQueued() {
        condition.lock()
        defer { condition.unlock() }
        while true {
            while head == queue.count && dropped == 0 && !finishing { condition.wait() }
            let line: [UInt8]
            if head < queue.count {
                let next = queue[head]
                head += 1
                if next.isNotification { waitingNotifications -= 1 }
                if head > 1024 && head * 2 > queue.count {
                    queue.removeFirst(head)
                    head = 0
                }
                line = next.line
            } else if dropped > 0, !finishing,
                      let notice = NotificationEnvelope.encode(method: DroppedNotification.method,
                                                               params: DroppedNotification(notifications: dropped)) {
                dropped = 0
                line = notice
            } else {
                return
            }
            condition.broadcast()
            condition.unlock()
            let written = Result { try UnixSocket.write(descriptor, line) }
            condition.lock()
            if case .failure = written {
                failed = true
                queue.removeAll()
                head = 0
                condition.broadcast()
                // The connection's thread, blocked reading, learns of it this way.
                shutdown(descriptor, Int32(SHUT_RDWR))
                return
            }
        }
    }
}
