import Foundation
import FuretIndex
import FuretProtocol
@testable import FuretServer
import Testing

/// A full disk (simulated with SQLite's page limit, which fails writes as a full disk does).
@Suite struct DiskFullTests {
    /// Waits up to 20 s for `condition` on the service's status.
    private func status(of service: FuretService, until condition: (FuretService.Status) -> Bool) async throws -> FuretService.Status {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            let status = try service.status()
            if condition(status) || ContinuousClock.now > deadline { return status }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func aFullDiskIsReportedRefusesNewRootsAndRecoversByItself() async throws {
        let fixture = try await HandlerFixture(diskFullRetryInterval: .milliseconds(200))
        defer { fixture.remove() }
        let service = fixture.service
        let jobs = Task { await service.runJobs() }
        let space = Task { await service.watchDiskSpace(every: .milliseconds(50)) }
        defer {
            service.finishJobs()
            jobs.cancel()
            space.cancel()
        }
        try await fixture.engine.index.limitPages(1)
        for number in 0..<30 {
            let words = (0..<300).map { "mot\(number)x\($0)" }.joined(separator: " ")
            try Data("Note \(number)\n\(words)".utf8).write(to: URL(fileURLWithPath: fixture.folder + "/note\(number).txt"))
        }
        service.enqueue(.reconcile(root: fixture.folder))

        let full = try await status(of: service) { !$0.problems.isEmpty }
        #expect(full.problems.map(\.reason) == [.diskFull])
        #expect(full.problems.first?.filesNotIndexed == 30)
        #expect(full.pending >= 30, "pending must not claim the index is up to date")
        #expect(try fixture.engine.index.documentCount() == 3)
        // A new root is refused while the disk is full, and not recorded.
        let other = FileManager.default.temporaryDirectory.path
        let reply = try fixture.reply(#"{"jsonrpc":"2.0","id":1,"method":"index","params":{"paths":["\#(other)"]}}"#)
        #expect((reply["error"] as? [String: Any])?["code"] as? Int == ErrorCode.diskFull.rawValue)
        #expect(try fixture.engine.index.roots() == [fixture.folder])
        let wire = try fixture.reply(#"{"jsonrpc":"2.0","id":2,"method":"status"}"#)
        let errors = (wire["result"] as? [String: Any])?["errors"] as? [[String: Any]]
        #expect(errors?.first?["reason"] as? String == "disk_full")
        #expect(errors?.first?["files_not_indexed"] as? Int == 30)

        // Space comes back: everything is indexed without a restart.
        try await fixture.engine.index.limitPages(nil)
        let recovered = try await status(of: service) { $0.pending == 0 }
        #expect(recovered.problems.isEmpty)
        #expect(recovered.documents == 33)
        #expect(try fixture.engine.index.documentCount() == 33)
    }
}
