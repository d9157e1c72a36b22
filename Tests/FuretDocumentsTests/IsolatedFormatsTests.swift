import Testing
@testable import FuretDocuments

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
        let format = try #require(DocumentFormats.format(named: name))
        #expect(format.runsIsolated)
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
}
