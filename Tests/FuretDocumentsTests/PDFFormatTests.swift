import CPoppler
import CPopplerText
import Glibc
import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

@Suite struct PDFFormatTests {
    static let reference = "debian-reference-fr-2-pages.pdf"

    @Test func readsTextPagesLabelsAndMetadataOfARealPDF() throws {
        let file = try PDFFormat().extract(Fixture.bytes(Self.reference))
        let document = file.document
        #expect(document.title == "Référence Debian")
        #expect(document.author == "Osamu Aoki")
        #expect(document.date == 1_675_511_941)  // CreationDate 2023-02-04 11:59:01 UTC
        #expect(document.paged)
        #expect(document.pageLabels == ["i", "1"])
        let pages = document.body.split(separator: ExtractedDocument.pageBreak, omittingEmptySubsequences: false)
        #expect(pages.count == 2)
        #expect(pages[0].contains("Osamu Aoki"))
        #expect(pages[1].contains("apprendre un système d’exploitation"))
        #expect(pages[1].contains("À l’invite d’identification"))
        #expect(file.encoding == nil)
    }

    @Test func textIsNFC() throws {
        let body = try PDFFormat().extract(Fixture.bytes(Self.reference)).document.body
        #expect(!body.unicodeScalars.contains { (0x300...0x36F).contains($0.value) })
        #expect(body.contains("Référence"))
    }

    @Test func aTruncatedPDFIsDamagedOrReadsItsFirstPages() throws {
        let bytes = try Fixture.bytes(Self.reference)
        // Cut in the middle, as a PDF still being written is: poppler either reconstructs
        // what it can or reports the file damaged; it never crashes or reads garbage pages.
        for fraction in [0.1, 0.5, 0.9] {
            do {
                let file = try PDFFormat().extract(Array(bytes.prefix(Int(Double(bytes.count) * fraction))))
                #expect(file.document.body.split(separator: ExtractedDocument.pageBreak, omittingEmptySubsequences: false).count <= 2)
            } catch {
                #expect(error.kind == "damaged" || error.kind == "no_text_layer", "\(fraction): \(error)")
            }
        }
    }

    @Test func anEncryptedPDFIsReportedEncrypted() throws {
        #expect(throws: ExtractionFailure.encrypted) { try PDFFormat().extract(Fixture.bytes("encrypted.pdf")) }
    }

    @Test func aPageWithoutTextHasNoTextLayer() throws {
        #expect(throws: ExtractionFailure.noTextLayer) { try PDFFormat().extract(Fixture.bytes("no-text-layer.pdf")) }
    }

    @Test func aTextFileNamedPDFIsNotAPDF() {
        #expect(throws: ExtractionFailure.unsupported("no %PDF- header")) {
            try PDFFormat().extract(Array("Ceci est un simple texte, nommé .pdf par erreur.".utf8))
        }
        #expect(throws: ExtractionFailure.unsupported("no %PDF- header")) { try PDFFormat().extract([]) }
    }
}

/// The pages' text read by ``CPopplerText`` (one `Gfx` for the pages of a document, fonts
/// loaded once) against poppler-glib's `poppler_page_get_text` (everything again for each page).
@Suite struct PopplerTextTests {
    @Test func pagesReadOneAfterAnotherAreWhatPopplerGlibReads() throws {
        let bytes = try Fixture.bytes(PDFFormatTests.reference)
        let (expected, read) = bytes.withUnsafeBytes { raw in (Self.glibPages(raw), Self.pages(raw)) }
        #expect(expected.count == 2)
        #expect(read == expected)
    }

    /// Page 2 binds `/F1` to a font whose code 65 is `é`, page 3 binds it back to Helvetica,
    /// page 4 has another media box (a `Gfx` of its own): each page must read with its own fonts.
    @Test func aFontNameBoundAgainOnALaterPageReadsWithThatPagesFont() throws {
        let helvetica = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
        let accented = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding<</Type/Encoding/Differences[65/eacute]>>>>"
        func page(_ content: Int, font: Int, box: String = "0 0 612 792") -> String {
            "<</Type/Page/Parent 2 0 R/MediaBox[\(box)]/Contents \(content) 0 R/Resources<</Font<</F1 \(font) 0 R>>>>>>"
        }
        let bytes = MinimalPDF.make([
            "<</Type/Catalog/Pages 2 0 R>>",
            "<</Type/Pages/Kids[3 0 R 4 0 R 5 0 R 6 0 R]/Count 4>>",
            page(7, font: 8), page(7, font: 9), page(7, font: 8), page(7, font: 9, box: "0 0 595 842"),
            MinimalPDF.showing("AB"), helvetica, accented,
        ])
        let read = bytes.withUnsafeBytes { raw in Self.pages(raw) }
        #expect(read.map { $0.trimmingWhitespace() } == ["AB", "éB", "AB", "éB"])
        #expect(read == bytes.withUnsafeBytes { raw in Self.glibPages(raw) })
    }

    /// Every page binds `/F1` anew: past the shim's limit of font layers, it starts over with a
    /// new `Gfx`, and every page still reads with its own font.
    @Test func fontsBoundAnewOnEveryPageReadPastTheLayerLimit() throws {
        let helvetica = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"
        let accented = "<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding<</Type/Encoding/Differences[65/eacute]>>>>"
        let count = 80
        let pages = (0..<count).map { index in
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents \(count + 3) 0 R/Resources<</Font<</F1 \(count + 4 + index % 2) 0 R>>>>>>"
        }
        let kids = (0..<count).map { "\($0 + 3) 0 R" }.joined(separator: " ")
        let bytes = MinimalPDF.make(["<</Type/Catalog/Pages 2 0 R>>", "<</Type/Pages/Kids[\(kids)]/Count \(count)>>"]
            + pages + [MinimalPDF.showing("AB"), helvetica, accented])
        let read = bytes.withUnsafeBytes { raw in Self.pages(raw) }
        #expect(read.map { $0.trimmingWhitespace() } == (0..<count).map { $0 % 2 == 0 ? "AB" : "éB" })
    }

    /// Text strings in UTF-16 either way round, broken UTF-16 and PDFDocEncoding (`\223` is `ﬁ`),
    /// dates in ASCII, big- and little-endian UTF-16 (poppler-glib reads only the first two),
    /// roman page labels, and the real PDF's: the shim gives what poppler-glib gives.
    @Test(arguments: [
        ("<FEFF00410042>", "(\\223x\\224)", "(D:20200102030405+01'00')"),
        ("<FFFE41004200>", "<FEFF00E9>", "<FEFF0044003A00320030003200300030003100300032003000330030003400300035>"),
        ("<FEFFD800>", "(Osamu)", "<FFFE44003A003200300032003000300031003000320030003300300034003000350000>"),
        ("()", "(  )", "(pas une date)"),
    ])
    func labelsAndMetadataAreWhatPopplerGlibGives(title: String, author: String, date: String) throws {
        let bytes = MinimalPDF.make([
            "<</Type/Catalog/Pages 2 0 R/PageLabels<</Nums[0<</S/r>>2<</P(A-)>>]>>>>",
            "<</Type/Pages/Kids[4 0 R 5 0 R 6 0 R]/Count 3>>",
            "<</Title\(title)/Author\(author)/CreationDate\(date)>>",
        ] + Array(repeating: "<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>", count: 3), info: 3)
        let (read, expected) = bytes.withUnsafeBytes { raw in (Self.metadata(raw), Self.glibMetadata(raw)) }
        #expect(read == expected)
        #expect(read?.labels == ["i", "ii", "A-"])
        let real = try Fixture.bytes(PDFFormatTests.reference)
        let (realRead, realExpected) = real.withUnsafeBytes { raw in (Self.metadata(raw), Self.glibMetadata(raw)) }
        #expect(realRead?.title == "Référence Debian")
        #expect(realRead == realExpected)
    }

    @Test func whatPopplerCannotOpenIsNil() {
        let bytes = Array("%PDF-1.4\nnothing else".utf8)
        #expect(bytes.withUnsafeBytes { raw in fpt_open(raw.baseAddress, raw.count) } == nil)
    }

    private static func pages(_ raw: UnsafeRawBufferPointer) -> [String] {
        guard let document = fpt_open(raw.baseAddress, raw.count) else { return [] }
        defer { fpt_close(document) }
        return (0..<fpt_page_count(document)).compactMap { _ in
            fpt_next_page_text(document).map { text in
                defer { free(text) }
                return String(cString: text)
            }
        }
    }

    struct Metadata: Equatable {
        var labels: [String?]
        var title: String?
        var author: String?
        var date: time_t
    }

    private static func metadata(_ raw: UnsafeRawBufferPointer) -> Metadata? {
        guard let document = fpt_open(raw.baseAddress, raw.count) else { return nil }
        defer { fpt_close(document) }
        return Metadata(
            labels: (0..<fpt_page_count(document)).map { take(fpt_page_label(document, $0)) },
            title: take(fpt_info_text(document, "Title")), author: take(fpt_info_text(document, "Author")),
            date: fpt_creation_date(document)
        )
    }

    private static func glibMetadata(_ raw: UnsafeRawBufferPointer) -> Metadata? {
        let data = g_bytes_new(raw.baseAddress, gsize(raw.count))
        defer { g_bytes_unref(data) }
        guard let document = poppler_document_new_from_bytes(data, nil, nil) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        let labels = (0..<poppler_document_get_n_pages(document)).map { index -> String? in
            guard let page = poppler_document_get_page(document, index) else { return nil }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            return take(poppler_page_get_label(page))
        }
        return Metadata(
            labels: labels, title: take(poppler_document_get_title(document)),
            author: take(poppler_document_get_author(document)), date: poppler_document_get_creation_date(document)
        )
    }

    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { g_free(pointer) }
        return String(cString: pointer)
    }

    private static func glibPages(_ raw: UnsafeRawBufferPointer) -> [String] {
        let data = g_bytes_new(raw.baseAddress, gsize(raw.count))
        defer { g_bytes_unref(data) }
        guard let document = poppler_document_new_from_bytes(data, nil, nil) else { return [] }
        defer { g_object_unref(UnsafeMutableRawPointer(document)) }
        return (0..<poppler_document_get_n_pages(document)).compactMap { index in
            guard let page = poppler_document_get_page(document, index) else { return nil }
            defer { g_object_unref(UnsafeMutableRawPointer(page)) }
            guard let text = poppler_page_get_text(page) else { return nil }
            defer { g_free(text) }
            return String(cString: text)
        }
    }
}
