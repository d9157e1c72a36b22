import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

@Suite struct MBOXFormatTests {
    static let box = "three-messages.mbox"

    @Test func eachMessageIsASubDocumentNamedByItsNumber() throws {
        let file = try MBOXFormat().extract(Fixture.bytes(Self.box))
        #expect(file.document.body.isEmpty)
        #expect(file.parts.map(\.part) == ["1", "2", "3"])
        #expect(file.parts.map(\.document.title) == ["Première lettre", "Deuxième lettre", "Troisième lettre"])
        #expect(file.parts.map(\.document.date) == [1_714_723_200, 1_714_809_600, 1_714_896_000])
        #expect(file.parts.map(\.document.author) == (1...3).map { "Correspondant \($0) <c\($0)@example.fr>" })
        #expect(file.parts[0].document.body.contains("To: archives@example.fr\n\n"))
        #expect(file.parts.allSatisfy { $0.document.body.count > 100 })
    }

    @Test func editingOneMessageChangesOnlyItsDocument() throws {
        let bytes = try Fixture.bytes(Self.box)
        let original = try MBOXFormat().extract(bytes).parts
        let edited = try MBOXFormat().extract(Array(String(decoding: bytes, as: UTF8.self)
            .replacing("Deuxi=C3=A8me", with: "Seconde").utf8)).parts
        #expect(edited.count == 3)
        #expect(edited[1].document.title == "Seconde lettre")
        #expect(edited[0] == original[0] && edited[2] == original[2])
    }

    @Test func aFileThatIsNotAMailboxIsATypedFailure() throws {
        #expect(throws: ExtractionFailure.unsupported("no mbox From_ line at the start")) {
            try MBOXFormat().extract(Fixture.bytes("mislabelled-charset.eml"))
        }
        // Cut inside the third message: its text is cut too, nothing else is lost.
        let bytes = try Fixture.bytes(Self.box)
        let cut = try MBOXFormat().extract(Array(bytes.prefix(bytes.count - 200))).parts
        #expect(cut.map(\.part) == ["1", "2", "3"])
    }
}
