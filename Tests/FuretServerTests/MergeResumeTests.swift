import Foundation
import FuretIndex
@testable import FuretServer
import Logging
import Testing

/// The count of documents changed since the last merge of the index's segments survives a
/// restart, so a merge that a crash cut short (or that never started) is done after it.
@Suite struct MergeResumeTests {
    @Test func theChangeCountIsKeptAndAMergeCutShortIsResumed() async throws {
        let fixture = try await HandlerFixture()
        defer { fixture.remove() }
        let index = fixture.engine.index
        // The fixture's service indexed 3 documents without running its job queue: as if
        // the daemon had been killed before merging, with the count recorded by the jobs.
        try await index.recordChangesSinceMerge(3)

        // A new service over the same index (a restart) merges once its first job is done.
        let restarted = FuretService(engine: LocalEngine(index: index, indexer: Indexer(index: index)), logger: Logger(label: "test"))
        let jobs = Task { await restarted.runJobs() }
        restarted.enqueue(.reconcile(root: fixture.folder))
        let deadline = ContinuousClock.now + .seconds(20)
        while try index.changesSinceMerge() != 0, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try index.changesSinceMerge() == 0)
        restarted.finishJobs()
        await jobs.value

    }

    @Test func changesMadeByJobsAreCountedInTheIndex() async throws {
        let files = Dictionary(uniqueKeysWithValues: (0..<30).map { ("note\($0).txt", "Une note numéro \($0).") })
        let fixture = try await HandlerFixture(files: files)
        defer { fixture.remove() }
        let service = fixture.service
        try Data("Un nouveau rapport.".utf8).write(to: URL(fileURLWithPath: fixture.folder + "/nouveau.txt"))
        let jobs = Task { await service.runJobs() }
        service.enqueue(.update(paths: [fixture.folder + "/nouveau.txt"]))
        service.finishJobs()
        await jobs.value
        // One document of 31 changed: under the share that triggers a merge, so it is kept.
        #expect(try fixture.engine.index.changesSinceMerge() == 1)
    }
}
