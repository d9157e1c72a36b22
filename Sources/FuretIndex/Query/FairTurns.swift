import Dispatch
import Synchronization

/// A counting semaphore that hands out its turns in the order they were asked for.
///
/// `DispatchSemaphore` wakes any of its waiters: with 32 clients searching at once, some
/// searches lost the race round after round and waited over 100 ms while others went
/// straight through. Here each waiter has its own semaphore in a queue, and a released turn
/// goes to the oldest waiter.
final class FairTurns: Sendable {
    private struct State {
        var free: Int
        var waiting: [DispatchSemaphore] = []
    }

    private let state: Mutex<State>

    init(_ count: Int) {
        state = Mutex(State(free: count))
    }

    /// Waits for a turn, behind every earlier caller still waiting.
    func acquire() {
        _ = acquire(before: .distantFuture)
    }

    /// Waits for a turn until `deadline`; `false` when none came by then (and the caller
    /// then holds none).
    func acquire(before deadline: DispatchTime) -> Bool {
        let waiter: DispatchSemaphore? = state.withLock { state in
            if state.free > 0, state.waiting.isEmpty {
                state.free -= 1
                return nil
            }
            let waiter = DispatchSemaphore(value: 0)
            state.waiting.append(waiter)
            return waiter
        }
        guard let waiter, waiter.wait(timeout: deadline) == .timedOut else { return true }
        let gaveUp = state.withLock { state in
            guard let position = state.waiting.firstIndex(where: { $0 === waiter }) else { return false }
            state.waiting.remove(at: position)
            return true
        }
        if gaveUp { return false }
        // A release handed this waiter the turn just as it timed out: take it.
        waiter.wait()
        return true
    }

    /// Gives the turn back: to the oldest waiter, if any.
    func release() {
        let next: DispatchSemaphore? = state.withLock { state in
            guard !state.waiting.isEmpty else {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.signal()
    }

    /// How many callers wait for a turn.
    var waitingCount: Int {
        state.withLock { $0.waiting.count }
    }
}
