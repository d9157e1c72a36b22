@testable import FuretProtocol
import Testing

/// Where `furet search` tells a user to look: the file, the document inside it, the page.
struct SearchHitCitationTests {
    @Test(arguments: [
        (nil, nil, "/m/a.mbox"),
        ("3", nil, "/m/a.mbox#3"),
        ("3/1/rapport.pdf", 12, "/m/a.mbox#3 › rapport.pdf:12"),
        ("2/rapport.odt", nil, "/m/a.mbox › rapport.odt"),
        ("1/transfert.eml/1/annexe.odt", nil, "/m/a.mbox › transfert.eml › annexe.odt"),
        ("1/archive.mbox/2", nil, "/m/a.mbox › archive.mbox#2"),
        ("1/2024.rapport.pdf", nil, "/m/a.mbox › 2024.rapport.pdf"),
        (nil, 7, "/m/a.mbox:7"),
    ] as [(String?, Int?, String)])
    func citationNamesThePart(part: String?, page: Int?, citation: String) {
        let hit = SearchHit(path: "/m/a.mbox", title: "", score: 1, snippet: "", highlights: [], page: page, part: part)
        #expect(hit.citation == citation)
    }
}
