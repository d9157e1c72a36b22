import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

@Suite struct DOCXFormatTests {
    static let village = "mon-village.docx"

    @Test func readsTextTitleAuthorAndCreationDateOfAWordDocument() throws {
        let document = try DOCXFormat().extract(Fixture.bytes(Self.village)).document
        #expect(document.title == "Mon Village — Une veillée")
        #expect(document.author == "Juliette Adam")
        #expect(document.date == 1_709_288_553)  // dcterms:created 2024-03-01T10:22:33Z, not modified
        #expect(document.body.hasPrefix("UNE VEILLÉE\nÀ DANIEL STERN Fin\tde la dédicace.\n"))
        #expect(document.body.contains("Puisse-t-il voir dans la Dédicace de ce livre une preuve de ma profonde sympathie !\n"))
        #expect(document.body.contains("je prétends être Français comme personne"))
    }

    @Test func deletedTextIsNotText() throws {
        let body = try DOCXFormat().extract(Fixture.bytes(Self.village)).document.body
        #expect(!body.contains("zigouigoui"))
    }

    @Test func aTextBoxIsReadOnce() throws {
        let body = try DOCXFormat().extract(Fixture.bytes(Self.village)).document.body
        #expect(body.ranges(of: "Encadré : la veillée chez Norine Duclos.").count == 1)
    }

    @Test func truncatedOrForeignFilesAreTypedFailures() throws {
        let bytes = try Fixture.bytes(Self.village)
        for fraction in [0.0, 0.3, 0.6, 0.95] {
            #expect(throws: ExtractionFailure.self) { try DOCXFormat().extract(Array(bytes.prefix(Int(Double(bytes.count) * fraction)))) }
        }
        // An ODT renamed .docx is a zip without Word's main part.
        #expect(throws: ExtractionFailure.damaged("no word/document.xml in the archive")) {
            try DOCXFormat().extract(Fixture.bytes("mon-village.odt"))
        }
    }
}
