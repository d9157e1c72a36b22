import Foundation
import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

@Suite struct EMLFormatTests {
    @Test func mailLabelledLatin1ButWrittenInWindows1252KeepsItsApostrophes() throws {
        // Subject =?iso-8859-1?Q?Compte_rendu_de_l=92assembl=E9e?=, body quoted-printable with =92 and =9C.
        let file = try EMLFormat().extract(Fixture.bytes("mislabelled-charset.eml"))
        let document = file.document
        #expect(document.title == "Compte rendu de l’assemblée")
        #expect(document.author == "Hélène Martin <helene.martin@example.fr>")
        #expect(document.date == 1_710_232_200)  // Tue, 12 Mar 2024 09:30:00 +0100
        #expect(document.body.hasPrefix(
            "From: Hélène Martin <helene.martin@example.fr>\nTo: Bureau <bureau@example.fr>\nCc: Paul Roux <paul.roux@example.fr>\n\n"
        ))
        #expect(document.body.contains("Voici le compte rendu de l’assemblée générale ; le vœu du bureau a été adopté."))
        #expect(document.body.contains("— Ah ! c’est toi, sorcier"))
        #expect(!document.body.unicodeScalars.contains { (0x80...0x9F).contains($0.value) })
        #expect(file.parts.isEmpty && file.encoding == nil)
    }

    @Test(arguments: [
        ("iso-8859-1", [0x6C, 0x92, 0xE9, 0x9C], "l’éœ"),  // Windows-1252 bytes under a Latin-1 label
        ("us-ascii", [0xE9, 0x74, 0xE9], "été"),
        ("utf-8", [0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),
        ("iso-8859-1", [0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),  // UTF-8 under a wrong label
        ("iso-8859-15", [0xA4, 0x20, 0xBD], "€ œ"),
        ("koi8-r", [0xD2, 0xC1, 0xD3], "рас"),
        ("x-inconnu", [0xE9, 0x74, 0xE9], "été"),  // an unknown label: read as Windows-1252
    ] as [(String, [UInt8], String)])
    func textPartsAreDecodedFromTheirCharset(charset: String, bytes: [UInt8], text: String) {
        #expect(MailReader.decode(bytes, charset: charset) == text)
    }

    @Test func anHTMLOnlyMailIsReadThroughTheHTMLFormat() throws {
        let document = try EMLFormat().extract(Fixture.bytes("html-only.eml")).document
        #expect(document.title == "Les nouvelles de Saint-Brunelle")
        #expect(document.date == 1_712_080_800)
        #expect(document.body.contains("\nLes nouvelles\n"))
        #expect(!document.body.contains("<p>") && !document.body.contains("color:red") && !document.body.contains("Gazette\n"))
    }

    @Test func anAttachmentInASupportedFormatIsASubDocument() throws {
        // An ODT whose name is RFC 2231-encoded, and a PNG that Furet does not read.
        let file = try EMLFormat().extract(Fixture.bytes("with-attachment.eml"))
        #expect(file.document.title == "Le manuscrit")
        #expect(file.document.date == 1_719_836_100)
        #expect(file.document.body.contains("Vous trouverez ci-joint la veillée, comme promis."))
        #expect(!file.document.body.contains("Puisse-t-il"))
        #expect(file.parts.map(\.part) == ["1/veillée à Saint-Brunelle.odt"])
        let attachment = try #require(file.parts.first).document
        #expect(attachment.title == "Mon Village — Une veillée")
        #expect(attachment.author == "Juliette Adam")
        #expect(attachment.body.contains("Puisse-t-il voir dans la Dédicace"))
    }

    @Test func aMailAttachedToAMailIsASubDocumentWithItsOwnAttachments() throws {
        let file = try EMLFormat().extract(Self.mail(attaching: Fixture.bytes("with-attachment.eml"), named: "transfert.eml"))
        #expect(file.parts.map(\.part) == ["1/transfert.eml", "1/transfert.eml/1/veillée à Saint-Brunelle.odt"])
        #expect(file.parts[0].document.title == "Le manuscrit")
        #expect(file.parts[1].document.title == "Mon Village — Une veillée")
    }

    @Test func attachmentsAreReadOnlySoDeep() throws {
        var bytes = try Fixture.bytes("html-only.eml")
        for _ in 0..<8 { bytes = Self.mail(attaching: bytes, named: "transfert.eml") }
        let parts = try EMLFormat().extract(bytes).parts
        #expect(parts.count == MailReader.maximumNesting)
        #expect(parts.last?.part == Array(repeating: "1/transfert.eml", count: MailReader.maximumNesting).joined(separator: "/"))
    }

    /// A mail carrying `attachment` as a base64 file `name`.
    static func mail(attaching attachment: [UInt8], named name: String) -> [UInt8] {
        let encoded = Data(attachment).base64EncodedString(options: .lineLength76Characters)
        return Array("""
            From: Paul Roux <paul.roux@example.fr>\r
            Subject: Fwd\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="limite"\r
            \r
            --limite\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            Pour information.\r
            --limite\r
            Content-Type: application/octet-stream\r
            Content-Disposition: attachment; filename="\(name)"\r
            Content-Transfer-Encoding: base64\r
            \r
            \(encoded)\r
            --limite--\r

            """.utf8)
    }

    @Test func aTruncatedMultipartMailIsDamaged() throws {
        let bytes = try Fixture.bytes("with-attachment.eml")
        for fraction in [0.3, 0.6, 0.9] {
            #expect(throws: ExtractionFailure.damaged("message cut short")) {
                try EMLFormat().extract(Array(bytes.prefix(Int(Double(bytes.count) * fraction))))
            }
        }
    }

    @Test func emptyOrBinaryInputIsATypedFailure() {
        for bytes: [UInt8] in [[], [0, 0, 0, 0], Array(repeating: 0xFF, count: 300)] {
            do {
                _ = try EMLFormat().extract(bytes)
            } catch {
                #expect(error.kind == "damaged")
            }
        }
    }
}
