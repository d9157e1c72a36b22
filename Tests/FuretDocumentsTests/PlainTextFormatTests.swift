import Testing
@testable import FuretDocuments

@Suite struct PlainTextFormatTests {
    @Test func titleIsAShortFirstLineThatMoreTextFollows() {
        #expect(PlainTextFormat.leadingTitle(of: "\r\n  \t\r\n##  Titre  \u{A0}\r\nsuite") == "Titre")
        #expect(PlainTextFormat.leadingTitle(of: " \n\u{202F}\n") == "")
        #expect(PlainTextFormat.leadingTitle(of: "") == "")
        // 200 characters (a decomposed `é` is one), trailing whitespace aside, make a title.
        let decomposed = String(repeating: "e\u{301}", count: 200)
        #expect(PlainTextFormat.leadingTitle(of: decomposed + " \u{A0} \n\nsuite") == decomposed)
        // One more is a paragraph, whatever follows it.
        #expect(PlainTextFormat.leadingTitle(of: decomposed + "e\u{301}\nsuite") == "")
        #expect(PlainTextFormat.leadingTitle(of: String(repeating: "a", count: 199) + " b\nsuite") == "")
    }

    @Test func aTextOfOneLineHasNoTitle() {
        #expect(PlainTextFormat.leadingTitle(of: "Un paragraphe seul, qui est tout le texte.") == "")
        #expect(PlainTextFormat.leadingTitle(of: "\n# Un paragraphe seul\r\n \t\n\u{A0}") == "")
        #expect(PlainTextFormat.leadingTitle(of: "Titre\n.") == "Titre")
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
        #expect(ContentHash.of(Array("123456789".utf8)) == 0xcbf4_3926_091e_01de)
        #expect(ContentHash.of([]) == 1)
    }
}
