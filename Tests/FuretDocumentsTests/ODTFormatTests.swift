import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

@Suite struct ODTFormatTests {
    static let village = "mon-village.odt"

    @Test func readsTextTitleAuthorAndCreationDateOfALibreOfficeDocument() throws {
        let file = try ODTFormat().extract(Fixture.bytes(Self.village))
        let document = file.document
        #expect(document.title == "Mon Village — Une veillée")
        #expect(document.author == "Juliette Adam")
        #expect(document.date == 1_709_288_553)  // meta:creation-date 2024-03-01T10:22:33, not dc:date
        #expect(!document.paged)
        #expect(document.body.hasPrefix("UNE VEILLÉE\nÀ DANIEL STERN Fin\tde la dédicace.\n"))
        #expect(document.body.contains("Puisse-t-il voir dans la Dédicace de ce livre une preuve de ma profonde sympathie !\n"))
        #expect(document.body.contains("je prétends être Français comme personne"))
        #expect(file.parts.isEmpty)
    }

    @Test func trackedDeletionsAreNotText() throws {
        let body = try ODTFormat().extract(Fixture.bytes(Self.village)).document.body
        #expect(!body.contains("zigouigoui"))
        #expect(!body.contains("Relecteur"))
    }

    @Test func aMemberThatInflatesPastTheLimitIsRefused() throws {
        // bomb.odt: 2.4 KB whose content.xml inflates to 2 MiB.
        let bomb = try Fixture.bytes("bomb.odt")
        let small = ODTFormat(limits: .init(member: 1 << 20, total: 4 << 20))
        #expect(throws: ExtractionFailure.tooLarge("member content.xml declares 2097436 bytes, limit 1048576")) {
            try small.extract(bomb)
        }
        #expect(try ODTFormat().extract(bomb).document.body == String(repeating: " ", count: 2 << 20) + "\n")
    }

    @Test func aMemberIsNeverInflatedPastTheLimitWhateverItDeclares() throws {
        // The same bomb declaring 100 bytes: inflation still stops at the limit.
        let liar = ZipFixture.declaring(100, for: "content.xml", in: try Fixture.bytes("bomb.odt"))
        let small = ODTFormat(limits: .init(member: 1 << 20, total: 4 << 20))
        #expect(throws: ExtractionFailure.tooLarge("member content.xml inflates past 1048576 bytes")) { try small.extract(liar) }
    }

    @Test func aHugeDeclaredSizeIsRefusedBeforeInflating() throws {
        let huge = ZipFixture.declaring(0xFFFF_FFF0, for: "content.xml", in: try Fixture.bytes(Self.village))
        #expect(throws: ExtractionFailure.tooLarge("member content.xml declares 4294967280 bytes, limit 67108864")) {
            try ODTFormat().extract(huge)
        }
    }

    @Test func aPasswordProtectedDocumentIsEncrypted() throws {
        #expect(throws: ExtractionFailure.encrypted) { try ODTFormat().extract(Fixture.bytes("encrypted.odt")) }
    }

    @Test func aTextBoxIsReadOnce() throws {
        let body = try ODTFormat().extract(Fixture.bytes(Self.village)).document.body
        #expect(body.ranges(of: "Encadré : la veillée chez Norine Duclos.").count == 1)
    }

    @Test func truncatedOrForeignFilesAreTypedFailures() throws {
        let bytes = try Fixture.bytes(Self.village)
        for fraction in [0.0, 0.3, 0.6, 0.95] {
            #expect(throws: ExtractionFailure.self) { try ODTFormat().extract(Array(bytes.prefix(Int(Double(bytes.count) * fraction)))) }
        }
        #expect { try ODTFormat().extract(Array("du texte, pas un zip".utf8)) } throws: { ($0 as? ExtractionFailure)?.kind == "damaged" }
        #expect { try ODTFormat().extract([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)) } throws: {
            ($0 as? ExtractionFailure)?.kind == "unsupported"
        }
    }
}
