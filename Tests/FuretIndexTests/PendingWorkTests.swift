import FuretIndex
import Testing

@Suite struct PendingWorkTests {
    @Test func everySourceCountsUntilItEnds() {
        let pending = PendingWork()
        pending.owesCatchUp()
        pending.begin(3)
        let batches = pending.watcherBatches()
        batches.add(1)
        batches.add(1)
        pending.diskFull(keptOut: 5)
        // 3 units, the catch-up, the watcher's batches as one, 5 files kept out.
        #expect(pending.count == 10)
        #expect(!pending.isIdle)
        pending.catchUpQueued()
        pending.finish(3)
        // Upkeep may run while the watcher gathers changes and the disk is full.
        #expect(pending.isIdle)
        batches.add(-2)
        pending.diskSpaceBack()
        #expect(pending.count == 0)
    }

    @Test func aFullDiskCountsAtLeastOneAndKeepsItsLastKnownCount() {
        let pending = PendingWork()
        pending.diskFull(keptOut: nil)
        #expect(pending.count == 1)
        pending.diskFull(keptOut: 4)
        pending.diskFull(keptOut: nil)
        #expect(pending.count == 4)
        pending.diskFull(keptOut: 0)
        #expect(pending.count == 1)
    }

    @Test func aReplacedWatchersBatchesNoLongerCount() {
        let pending = PendingWork()
        let first = pending.watcherBatches()
        first.add(1)
        #expect(pending.count == 1)
        let second = pending.watcherBatches()
        #expect(pending.count == 0)
        // The first watcher's thread may still finish a batch after it was replaced.
        first.add(1)
        first.add(-2)
        #expect(pending.count == 0)
        second.add(1)
        #expect(pending.count == 1)
    }
}
