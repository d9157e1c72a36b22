import Foundation
import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

/// The zip and mail formats run in `furet-extract`: what crosses its socket (sub-documents
/// included) is what the format gives in process.
@Suite struct IsolatedFormatsTests {
    /// A real file of each isolated format.
    static let fixtures = [
        ("odt", "mon-village.odt"), ("docx", "mon-village.docx"), ("epub", "ubuntu-packaging-guide-fr-3-chapters.epub"),
        ("eml", "with-attachment.eml"), ("mbox", "three-messages.mbox"),
    ]

    @Test(arguments: fixtures)
    func theHelperExtractsWhatTheFormatDoesInProcess(format name: String, fixture: String) throws {
        #expect(DocumentFormats.format(named: name)?.runsIsolated == true)
        let format = try #require(IsolatedFormats.format(named: name))
        let bytes = try Fixture.bytes(fixture)
        let isolated = try IsolatedExtractorTests.helper().extract(format: name, bytes: bytes)
        #expect(isolated == (try format.extract(bytes)))
    }

    @Test func aFormatFailureInTheHelperIsReportedAsSuch() throws {
        let bomb = ZipFixture.declaring(0xFFFF_FFF0, for: "content.xml", in: try Fixture.bytes("mon-village.odt"))
        #expect(throws: FileSkipReason.extraction(.tooLarge("member content.xml declares 4294967280 bytes, limit 67108864"))) {
            try IsolatedExtractorTests.helper().extract(format: "odt", bytes: bomb)
        }
    }

    @Test func everyIsolatedFormatHasItsCodeAndNoCodeIsUndeclared() {
        let declared = DocumentFormats.isolated.map(\.name)
        #expect(IsolatedFormats.all.map(\.name).sorted() == declared.sorted())
        for format in DocumentFormats.isolated {
            #expect(IsolatedFormats.format(named: format.name)?.extensions == format.extensions)
        }
        #expect(IsolatedFormats.format(named: "html")?.name == "html")
        #expect(IsolatedFormats.format(named: "doc") == nil)
    }

    /// A reader with no helper skips an isolated format's file; one given the formats' code
    /// reads it in process, as the helper does.
    @Test func aReaderReadsIsolatedFilesOnlyThroughItsExtractor() throws {
        let path = Fixture.folder + "/mon-village.odt"
        let stamp = FileStamp(size: try Fixture.bytes("mon-village.odt").count, mtime: 0)
        #expect(throws: FileSkipReason.extractorUnavailable(errno: ENOENT)) { try DocumentReader().read(path, stamp: stamp) }
        let read = try DocumentReader(extractor: IsolatedFormats()).read(path, stamp: stamp)
        #expect(read.format == "odt")
        #expect(read.extracted == (try IsolatedExtractorTests.helper().extract(format: "odt", bytes: Fixture.bytes("mon-village.odt"))))
        #expect(throws: FileSkipReason.unsupportedFormat) { try IsolatedFormats().extract(format: "doc", bytes: []) }
    }

    /// The daemon does not link the isolated formats' C libraries (about 10 MB of its memory
    /// once loaded); the helper does.
    @Test func onlyTheHelperLinksTheParsersLibraries() throws {
        let helper = try #require(IsolatedExtractor.besideThisProgram(), "furet-extract is built beside the tests")
        let daemon = String(helper.dropLast("furet-extract".count)) + "furetd"
        let libraries = ["libpoppler", "libzip", "libgmime"]
        let daemonLinks = try Self.sharedLibraries(of: daemon)
        let helperLinks = try Self.sharedLibraries(of: helper)
        #expect(daemonLinks.contains("libxml2"), "ldd output read")
        for library in libraries {
            #expect(!daemonLinks.contains(library), "furetd links \(library)")
            #expect(helperLinks.contains(library), "furet-extract does not link \(library)")
        }
    }

    /// What `ldd` lists for `executable`.
    private static func sharedLibraries(of executable: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/ldd")
        process.arguments = [executable]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ldd \(executable)")
        return text
    }
}
