import Testing
@testable import FuretDocuments

@Suite struct PlainTextFormatTests {
    @Test func titleIsTheFirstNonEmptyLineTrimmedAndCut() {
        #expect(PlainTextFormat.firstLine(of: "\r\n  \t\r\n##  Titre  \u{A0}\r\nsuite") == "Titre")
        #expect(PlainTextFormat.firstLine(of: " \n\u{202F}\n") == "")
        #expect(PlainTextFormat.firstLine(of: "") == "")
        // Cut at 200 characters (a decomposed `é` is one), then trimmed.
        let decomposed = String(repeating: "e\u{301}", count: 300)
        #expect(PlainTextFormat.firstLine(of: decomposed + "\nsuite") == String(repeating: "e\u{301}", count: 200))
        let spaced = String(repeating: "a", count: 199) + " b"
        #expect(PlainTextFormat.firstLine(of: spaced) == String(repeating: "a", count: 199))
    }

    @Test func extractsTitleBodyAndEncodingFromBytes() throws {
        let file = try PlainTextFormat.markdown.extract(Array("# L’été\n\nDu texte.".utf8))
        #expect(file.document == ExtractedDocument(title: "L’été", body: "# L’été\n\nDu texte."))
        #expect(file.encoding == .utf8)
        #expect(file.parts.isEmpty)
    }

    @Test func nulBytesAreBinaryUnlessUTF16() throws {
        #expect(throws: ExtractionFailure.binary) { try PlainTextFormat.text.extract(Array("un".utf8) + [0, 1] + Array("deux".utf8)) }
        let utf16 = try PlainTextFormat.text.extract([0xFF, 0xFE, 0x61, 0x00, 0xE9, 0x00])
        #expect(utf16.document.body == "aé")
        #expect(utf16.encoding == .utf16LE)
    }

    @Test func contentHashIsCRC32ThenAdler32() {
        // The check values of both checksums for "123456789".
        #expect(ContentHash.hex(of: Array("123456789".utf8)) == "cbf43926091e01de")
        #expect(ContentHash.hex(of: []) == "0000000000000001")
    }
}
