import Foundation
import Glibc
import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

/// `furet-extract` reads every file under its seccomp allow-list, and a call outside it ends
/// the helper.
@Suite struct SystemCallFilterTests {
    /// Every fixture of a format the helper runs (the failing ones included), and the PDF.
    static let fixtures = IsolatedFormatsTests.fixtures + [
        ("pdf", "debian-reference-fr-2-pages.pdf"), ("pdf", "encrypted.pdf"), ("pdf", "no-text-layer.pdf"),
        ("odt", "encrypted.odt"), ("odt", "bomb.odt"), ("epub", "nested-root.epub"),
        ("eml", "html-only.eml"), ("eml", "mislabelled-charset.eml"),
    ]

    @Test(arguments: fixtures)
    func theHelperReadsEachFixtureAsInProcess(format name: String, fixture: String) throws {
        let format = try #require(IsolatedFormats.format(named: name))
        let bytes = try Fixture.bytes(fixture)
        let extractor = try IsolatedExtractorTests.helper()
        let isolated = Result { () throws(FileSkipReason) in try extractor.extract(format: name, bytes: bytes) }
        let inProcess = Result { () throws(ExtractionFailure) in try format.extract(bytes) }.mapError(FileSkipReason.extraction)
        #expect(isolated == inProcess)
    }

    /// Broken files take parsers down paths fixtures do not: none of them meets the filter.
    @Test(arguments: IsolatedFormatsTests.fixtures + [("pdf", "debian-reference-fr-2-pages.pdf")])
    func mutatedFilesNeverMeetTheFilter(format name: String, fixture: String) throws {
        let seed = try Fixture.bytes(fixture)
        let extractor = try IsolatedExtractorTests.helper()
        var mutation = Mutation(seed: 0x5EC0_3B1D)
        for _ in 0..<100 {
            do {
                _ = try extractor.extract(format: name, bytes: mutation.mutated(seed, changes: 4))
            } catch {
                #expect(error != .extractorCrashed(signal: SIGSYS))
            }
        }
    }

    @Test func aCallOutsideTheFilterEndsTheHelper() throws {
        let executable = try #require(IsolatedExtractor.besideThisProgram(), "furet-extract is built beside the tests")
        var ends: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0)
        defer { close(ends[0]) }
        let helper = Process()
        helper.executableURL = URL(fileURLWithPath: executable)
        helper.arguments = ["--test-forbidden-call"]
        helper.standardInput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
        helper.standardOutput = FileHandle(fileDescriptor: ends[1], closeOnDealloc: false)
        try helper.run()
        helper.waitUntilExit()
        #expect(helper.terminationReason == .uncaughtSignal)
        #expect(helper.terminationStatus == SIGSYS)
    }
}
