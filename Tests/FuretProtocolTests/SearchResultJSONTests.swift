@testable import FuretProtocol
import Testing

/// The hand-written JSON of `search` responses must be exactly what `JSONEncoder` writes.
struct SearchResultJSONTests {
    private static let awkwardStrings = [
        "",
        "plain ascii",
        "/home/léa/Documents/l’enquête — « cœur ».txt",
        #"quote " backslash \ slash / "#,
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }) + "\u{7F}",
        "emoji 🦦 and \u{2028}\u{2029} separators, NBSP\u{A0}and narrow\u{202F}NBSP",
        "e\u{301}te\u{301} (NFD)",
    ]

    private static let scores: [Double] = [
        0, 1, -1, 0.5, 12.345678901234567, -3.25e-7, 1e20, 1e-300, 123456789.125, .pi, 7.0000000000000001,
        Double.greatestFiniteMagnitude, Double.leastNonzeroMagnitude,
    ]

    private func expectSameAsJSONEncoder(_ result: SearchResult, id: RequestID?) {
        let fast = ResponseEnvelope.encodeResult(result, id: id)
        let reference = ResponseEnvelope.encodeWithJSONEncoder(result, id: id)
        #expect(String(decoding: fast, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
    }

    /// By index: some strings hold control characters, which test names had better not.
    @Test(arguments: awkwardStrings.indices)
    func stringsAreEscapedLikeJSONEncoder(index: Int) {
        let text = Self.awkwardStrings[index]
        let hit = SearchHit(path: text, title: text, score: 1.5, snippet: text,
                            highlights: [TextRange(start: 0, end: 3), TextRange(start: 10, end: 12)])
        expectSameAsJSONEncoder(SearchResult(total: 1, hits: [hit]), id: .string(text))
    }

    /// A suggestion is escaped like any string; `corrected` comes with it.
    @Test(arguments: awkwardStrings.indices, [false, true])
    func suggestionsAreWrittenLikeJSONEncoder(index: Int, corrected: Bool) {
        let hit = SearchHit(path: "/a", title: "A", score: 2, snippet: "s", highlights: [])
        expectSameAsJSONEncoder(SearchResult(total: 1, hits: [hit], suggestion: Self.awkwardStrings[index], corrected: corrected),
                                id: .number(3))
        expectSameAsJSONEncoder(SearchResult(total: 0, hits: [], suggestion: Self.awkwardStrings[index], corrected: corrected),
                                id: nil)
    }

    /// A cluster's partial answer: its missing shards are escaped like any string.
    @Test(arguments: [[], ["127.0.0.1:33333"], ["a:1", "[::1]:2"]])
    func partialResultsAreWrittenLikeJSONEncoder(shards: [String]) {
        let hit = SearchHit(path: "/a", title: "A", score: 2, snippet: "s", highlights: [])
        expectSameAsJSONEncoder(SearchResult(total: 1, hits: [hit], suggestion: "b", corrected: false, partial: true, missingShards: shards),
                                id: .number(4))
    }

    @Test(arguments: [(nil, nil), (1, nil), (12, "xi"), (3, "")] as [(Int?, String?)])
    func pagesAreWrittenLikeJSONEncoder(page: Int?, label: String?) {
        let hit = SearchHit(path: "/a.pdf", title: "A", score: 2, snippet: "s", highlights: [], page: page, pageLabel: label)
        expectSameAsJSONEncoder(SearchResult(total: 1, hits: [hit, hit]), id: .number(3))
    }

    /// `part` sorts between `page_label` and `path`; absent for a file's own document.
    @Test(arguments: [nil, "3", "2/l’enquête « finale ».odt", #"1/a\"b.eml/1/c.pdf"#] as [String?])
    func partsAreWrittenLikeJSONEncoder(part: String?) {
        let hit = SearchHit(path: "/a.mbox", title: "A", score: 2, snippet: "s", highlights: [], page: 2, pageLabel: "ii",
                            part: part)
        expectSameAsJSONEncoder(SearchResult(total: 1, hits: [hit, hit]), id: .number(3))
    }

    @Test(arguments: [nil, 1, 4_321] as [Int?])
    func linesAreWrittenLikeJSONEncoder(line: Int?) {
        let hit = SearchHit(path: "/a.txt", title: "A", score: 2, snippet: "s", highlights: [], line: line)
        expectSameAsJSONEncoder(SearchResult(total: 1, hits: [hit, hit]), id: .number(3))
    }

    @Test(arguments: scores)
    func scoresAreWrittenLikeJSONEncoder(score: Double) {
        let hit = SearchHit(path: "/a", title: "A", score: score, snippet: "s", highlights: [])
        expectSameAsJSONEncoder(SearchResult(total: 42, hits: [hit, hit]), id: .number(-7))
    }

    @Test(arguments: [nil, true, false] as [Bool?])
    func lowerBoundTotalsAreWrittenLikeJSONEncoder(isLowerBound: Bool?) {
        let hit = SearchHit(path: "/a", title: "A", score: 1, snippet: "s", highlights: [])
        expectSameAsJSONEncoder(SearchResult(total: 10_000, hits: [hit], totalIsLowerBound: isLowerBound), id: .number(8))
        expectSameAsJSONEncoder(SearchResult(total: 12, hits: [hit], suggestion: "x", corrected: false, totalIsLowerBound: isLowerBound),
                                id: .number(9))
    }

    @Test func randomScores() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let score = Double(bitPattern: generator.next())
            guard score.isFinite else { continue }
            let hit = SearchHit(path: "/a", title: "", score: score, snippet: "", highlights: [])
            expectSameAsJSONEncoder(SearchResult(total: 1, hits: [hit]), id: nil)
        }
    }

    @Test(arguments: [RequestID.number(0), .number(Int.max), .number(Int.min), .string(""), .string("a\"b"), nil])
    func idsAndEmptyPages(id: RequestID?) {
        expectSameAsJSONEncoder(SearchResult(total: 0, hits: []), id: id)
        expectSameAsJSONEncoder(SearchResult(total: 12, hits: []), id: id)
    }

    @Test func responseDecodesBack() throws {
        let hit = SearchHit(path: "/d/été.txt", title: "L’été", score: 8.25, snippet: "… un été «chaud» …",
                            highlights: [TextRange(start: 5, end: 8)])
        let result = SearchResult(total: 3, hits: [hit])
        let line = ResponseEnvelope.encodeResult(result, id: .number(1))
        #expect(line.last == UInt8(ascii: "\n"))
        #expect(ResponseEnvelope.decode(line.dropLast(), as: SearchResult.self) == .success(result))
    }
}
