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
