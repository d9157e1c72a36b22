import Foundation

/// The documents of one batch as its analysis thread builds them, taken in order by the
/// thread sending them to the shard (``ShardWriteLane``).
///
/// `@unchecked Sendable`: every member is read and written under ``condition``, and a
/// document is handed from one thread to the other, never shared.
final class BuiltDocuments: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [Result<XapianDocument, XapianError>?]
    private var abandoned = false
    private var finished = false

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    /// Whether the sender stopped (a failed request): the analysis stops too.
    var isAbandoned: Bool {
        condition.withLock { abandoned }
    }

    func put(_ index: Int, _ document: Result<XapianDocument, XapianError>) {
        condition.withLock {
            slots[index] = document
            condition.broadcast()
        }
    }

    /// Document `index`, once built (the analysis thread builds every document in order).
    func take(_ index: Int) -> Result<XapianDocument, XapianError> {
        condition.withLock {
            while slots[index] == nil { condition.wait() }
            defer { slots[index] = nil }
            return slots[index]!
        }
    }

    /// Called by the analysis thread as it ends.
    func finish() {
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }

    /// Stops the analysis and waits for its thread to end.
    func abandonAndWait() {
        condition.withLock {
            abandoned = true
            while !finished { condition.wait() }
        }
    }
}
