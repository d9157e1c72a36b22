import Testing
@testable import FuretIndex

@Suite struct PageStartsTests {
    @Test func aMatchIsOnThePageWhoseStartPrecedesIt() {
        let body = "un\u{0C}deux é\u{0C}\u{0C}quatre"
        let pages = PageStarts(body: body, labels: ["i", "ii", "1", "2"])
        #expect(pages.starts == [3, 11, 12])  // `é` is two bytes
        #expect(pages.page(at: 0) == (1, "i"))
        #expect(pages.page(at: 2) == (1, "i"))
        #expect(pages.page(at: 3) == (2, "ii"))
        #expect(pages.page(at: 12) == (4, "2"))
        #expect(pages.page(at: 1_000) == (4, "2"))
    }

    @Test func theStoredFormReadsBack() throws {
        let pages = PageStarts(body: "a\u{0C}b\u{0C}c", labels: nil)
        let read = try #require(pages.encoded.withUnsafeBytes { PageStarts(encoded: $0, labels: pages.encodedLabels) })
        #expect(read == pages)
        let labelled = PageStarts(body: "a\u{0C}b", labels: ["", "xi"])
        #expect(labelled.encoded.withUnsafeBytes { PageStarts(encoded: $0, labels: labelled.encodedLabels) } == labelled)
        #expect([UInt8](repeating: 0, count: 5).withUnsafeBytes { PageStarts(encoded: $0, labels: nil) } == nil)
    }
}
