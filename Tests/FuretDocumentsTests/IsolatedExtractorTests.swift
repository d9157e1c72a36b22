import Foundation
import Glibc
import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

@Suite struct IsolatedExtractorTests {
    static func helper() throws -> IsolatedExtractor {
        IsolatedExtractor(executable: try #require(IsolatedExtractor.besideThisProgram(), "furet-extract is built beside the tests"))
    }

    /// A stand-in helper: a shell script, to make the real one's failures happen on cue.
    static func fakeHelper(_ script: String, limits: IsolatedExtractor.Limits = .init()) throws -> (IsolatedExtractor, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("furet-helper-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/fake-extract"
        try ("#!/bin/sh\n" + script + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o755)
        return (IsolatedExtractor(executable: path, limits: limits), folder)
    }

    /// `extract`, tried again while the script just written is still "busy": another test's
    /// process, forked at that moment, briefly holds it open for writing (ETXTBSY).
    static func extract(_ extractor: IsolatedExtractor, _ bytes: [UInt8]) throws(FileSkipReason) -> ExtractedFile {
        for _ in 1..<50 {
            do {
                return try extractor.extract(format: "pdf", bytes: bytes)
            } catch .extractorUnavailable(errno: ETXTBSY) {
                usleep(20_000)
            }
        }
        return try extractor.extract(format: "pdf", bytes: bytes)
    }

    @Test func theHelperExtractsWhatTheFormatDoesInProcess() throws {
        let extractor = try Self.helper()
        let bytes = try Fixture.bytes("debian-reference-fr-2-pages.pdf")
        let isolated = try extractor.extract(format: "pdf", bytes: bytes)
        #expect(isolated == (try PDFFormat().extract(bytes)))
        // The same helper serves the next file, and reports a format's failure as such.
        let first = extractor.helperProcess
        #expect(throws: FileSkipReason.extraction(.encrypted)) { try extractor.extract(format: "pdf", bytes: Fixture.bytes("encrypted.pdf")) }
        #expect(extractor.helperProcess == first)
    }

    /// The helper's allocations go to jemalloc, not glibc's malloc (see Package.swift): a
    /// build that lost the link would read the same text at about a fifth more CPU.
    @Test func theHelperAllocatesThroughJemalloc() throws {
        let extractor = try Self.helper()
        _ = try extractor.extract(format: "pdf", bytes: Fixture.bytes("debian-reference-fr-2-pages.pdf"))
        // Read to its end: a /proc file has no size for a whole-file read to go by.
        let file = try #require(FileHandle(forReadingAtPath: "/proc/\(extractor.helperProcess)/maps"))
        let maps = String(decoding: try #require(try file.readToEnd()), as: UTF8.self)
        #expect(maps.contains("/libjemalloc.so"))
    }

    @Test func severalHelpersReadFilesAtOnce() async throws {
        let extractor = IsolatedExtractor(executable: try #require(IsolatedExtractor.besideThisProgram()), helpers: 2)
        let bytes = try Fixture.bytes("debian-reference-fr-2-pages.pdf")
        let expected = try PDFFormat().extract(bytes)
        let results = await withTaskGroup(of: ExtractedFile?.self) { group in
            for _ in 0..<6 { group.addTask { try? extractor.extract(format: "pdf", bytes: bytes) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 6 && results.allSatisfy { $0 == expected })
        #expect(extractor.helperCount == 2)
    }

    @Test func aHelperKilledWhileIdleIsRestartedWithoutBlamingTheNextFile() throws {
        let extractor = try Self.helper()
        let bytes = try Fixture.bytes("debian-reference-fr-2-pages.pdf")
        _ = try extractor.extract(format: "pdf", bytes: bytes)
        let first = extractor.helperProcess
        kill(first, SIGKILL)
        var info = siginfo_t()
        waitid(P_PID, id_t(first), &info, WEXITED | WNOWAIT)  // dead, not yet reaped
        #expect(try extractor.extract(format: "pdf", bytes: bytes).document.title == "Référence Debian")
        #expect(extractor.helperProcess != first)
    }

    /// A helper found dead whose replacement cannot start is forgotten: its socket, closed
    /// once, is not closed again by the next file or by the extractor's end, when its number
    /// may already be another file's (here a pipe's, which takes the lowest free number).
    @Test func aDeadHelpersSocketIsClosedOnceWhenNoNewHelperStarts() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("furet-helper-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let copy = folder + "/furet-extract"
        try FileManager.default.copyItem(atPath: try #require(IsolatedExtractor.besideThisProgram()), toPath: copy)
        var extractor: IsolatedExtractor? = IsolatedExtractor(executable: copy)
        let bytes = try Fixture.bytes("debian-reference-fr-2-pages.pdf")
        _ = try Self.extract(try #require(extractor), bytes)
        let first = try #require(extractor).helperProcess
        kill(first, SIGKILL)
        var info = siginfo_t()
        waitid(P_PID, id_t(first), &info, WEXITED | WNOWAIT)
        try FileManager.default.removeItem(atPath: copy)
        #expect(throws: FileSkipReason.extractorUnavailable(errno: ENOENT)) { try extractor?.extract(format: "pdf", bytes: bytes) }
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { close($0) } }
        #expect(throws: FileSkipReason.extractorUnavailable(errno: ENOENT)) { try extractor?.extract(format: "pdf", bytes: bytes) }
        extractor = nil
        #expect(ends.allSatisfy { fcntl($0, F_GETFD) != -1 }, "the pipe is still open")
    }

    @Test func aHelperThatCrashesOnAFileFailsThatFileWithItsSignal() throws {
        // Reads the start of the request, then dies as a segfaulting parser would.
        let (extractor, folder) = try Self.fakeHelper("head -c 8 >/dev/null; kill -SEGV $$")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: FileSkipReason.extractorCrashed(signal: SIGSEGV)) { try Self.extract(extractor, Array(repeating: 0x41, count: 1 << 20)) }
    }

    @Test func aHelperThatHangsIsKilledAtTheWallClockLimit() throws {
        let (extractor, folder) = try Self.fakeHelper("exec sleep 60", limits: .init(wallSeconds: 0.3))
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let start = ContinuousClock.now
        #expect(throws: FileSkipReason.extractorTimedOut(seconds: 0.3)) { try Self.extract(extractor, [1, 2, 3]) }
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(kill(extractor.helperProcess, 0) != 0, "the hung helper is gone")
    }

    @Test func aMissingHelperIsReportedAndNotLasting() {
        let extractor = IsolatedExtractor(executable: "/nonexistent/furet-extract")
        #expect(throws: FileSkipReason.extractorUnavailable(errno: ENOENT)) { try extractor.extract(format: "pdf", bytes: [1]) }
        #expect(!FileSkipReason.extractorUnavailable(errno: ENOENT).isLasting)
    }
}
