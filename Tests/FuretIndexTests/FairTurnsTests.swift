import Foundation
import Synchronization
import Testing
@testable import FuretIndex

@Suite struct FairTurnsTests {
    @Test(.timeLimit(.minutes(1)))
    func turnsGoToWaitersInTheOrderTheyCame() async {
        let turns = FairTurns(1)
        turns.acquire()
        let order = Mutex<[Int]>([])
        let done = DispatchGroup()
        let waiters = 8
        for waiter in 0..<waiters {
            done.enter()
            Thread.detachNewThread {
                turns.acquire()
                order.withLock { $0.append(waiter) }
                turns.release()
                done.leave()
            }
            // The next thread starts once this one is queued.
            while turns.waitingCount < waiter + 1 { usleep(100) }
        }
        turns.release()
        done.wait()
        #expect(order.withLock { $0 } == Array(0..<waiters))
    }

    @Test func freeTurnsAreTakenWithoutWaiting() {
        let turns = FairTurns(3)
        for _ in 0..<3 { turns.acquire() }
        #expect(turns.waitingCount == 0)
        for _ in 0..<3 { turns.release() }
        for _ in 0..<3 { turns.acquire() }
        #expect(turns.waitingCount == 0)
    }
}

@Suite struct FairTurnsDeadlineTests {
    @Test(.timeLimit(.minutes(1)))
    func aWaiterGivesUpAtItsDeadlineAndLeavesTheQueue() {
        let turns = FairTurns(1)
        turns.acquire()
        #expect(!turns.acquire(before: .now() + .milliseconds(20)))
        #expect(turns.waitingCount == 0)
        turns.release()
        // The turn given back is free again, not handed to the waiter that left.
        #expect(turns.acquire(before: .now()))
        turns.release()
    }
}
