import Testing
@testable import FuretDocuments

@Suite struct HTMLFormatTests {
    static func document(_ html: String) throws -> ExtractedDocument {
        try HTMLFormat().extract(Array(html.utf8)).document
    }

    @Test func thePublicationDateComesFromTheHead() throws {
        let page = """
            <html><head><title>Le conseil municipal</title>
            <meta name="date" content="2024-03-02">
            <meta property="article:published_time" content="2024-03-01T08:15:00+01:00">
            </head><body><p>Le conseil a voté.</p></body></html>
            """
        let document = try Self.document(page)
        #expect(document.date == 1_709_277_300)  // 07:15 UTC: published_time wins over date
        #expect(document.title == "Le conseil municipal")
        #expect(!document.body.contains("2024"))
    }

    @Test func aMetaDateAloneIsUsedAndABadOneIgnored() throws {
        #expect(try Self.document(#"<head><meta name="DC.date" content="2023-12-24"></head><p>Noël</p>"#).date == 1_703_376_000)
        #expect(try Self.document(#"<head><meta name="date" content="le 24 décembre"></head><p>Noël</p>"#).date == nil)
        #expect(try Self.document("<p>Sans date</p>").date == nil)
    }
}
