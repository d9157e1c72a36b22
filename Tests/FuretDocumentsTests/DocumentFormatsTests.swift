import Foundation
import Testing
@testable import FuretDocuments

@Suite struct DocumentFormatsTests {
    @Test func namesAndExtensionsAreUnique() {
        let names = DocumentFormats.all.map(\.name)
        #expect(Set(names).count == names.count)
        let extensions = DocumentFormats.all.flatMap(\.extensions)
        #expect(Set(extensions).count == extensions.count)
        #expect(extensions.allSatisfy { $0 == $0.lowercased() && !$0.hasPrefix(".") })
    }

    @Test(arguments: [
        ("/a/b.txt", "text"), ("/a/B.MD", "markdown"), ("/a/c.htm", "html"), ("/a.d/e", nil), ("/a/f.", nil), ("/a/g.zzz", nil),
    ])
    func formatsAreChosenByExtension(path: String, name: String?) {
        #expect(DocumentFormats.format(forPath: path)?.name == name)
    }

    @Test func everyFormatIsFoundByItsName() {
        for format in DocumentFormats.all {
            #expect(DocumentFormats.format(named: format.name)?.name == format.name)
        }
    }

    @Test func extractedFilesSurviveJSON() throws {
        let file = ExtractedFile(
            document: ExtractedDocument(title: "T", body: "p1\u{0C}p2", paged: true, pageLabels: ["i", "ii"], date: 1.5e9, author: "A"),
            parts: [ExtractedPart(part: "1", document: ExtractedDocument(title: "m", body: "b"))], encoding: nil)
        let failure = ExtractionFailure.damaged("xref")
        #expect(try JSONDecoder().decode(ExtractedFile.self, from: JSONEncoder().encode(file)) == file)
        #expect(try JSONDecoder().decode(ExtractionFailure.self, from: JSONEncoder().encode(failure)) == failure)
    }
}
