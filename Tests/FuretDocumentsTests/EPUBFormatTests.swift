import Testing
@testable import FuretDocuments
@testable import FuretIsolatedFormats

@Suite struct EPUBFormatTests {
    static let guide = "ubuntu-packaging-guide-fr-3-chapters.epub"

    @Test func readsChaptersInSpineOrderAndTheOPFMetadata() throws {
        let document = try EPUBFormat().extract(Fixture.bytes(Self.guide)).document
        #expect(document.title == "Ubuntu Packaging Guide")
        #expect(document.author == "Ubuntu Developers")
        #expect(document.date == 1_635_072_686)  // dc:date 2021-10-24T10:51:26Z
        let body = document.body
        let introduction = try #require(body.range(of: "Ubuntu est constitué de milliers de composants différents"))
        let setUp = try #require(body.range(of: "Configuration de votre environnement de développement"))
        let index = try #require(body.range(of: "Guide d’empaquetage pour Ubuntu"))
        #expect(index.lowerBound < introduction.lowerBound)
        #expect(introduction.lowerBound < setUp.lowerBound)
        #expect(!body.contains("<p>") && !body.contains("</"))
    }

    @Test func aBookZippedInsideAFolderIsReadFromThatFolder() throws {
        // As Debian's debian-edu-doc-fr packs its manuals: epub/META-INF/container.xml.
        let document = try EPUBFormat().extract(Fixture.bytes("nested-root.epub")).document
        #expect(document.title == "Ubuntu Packaging Guide")
        #expect(document.body.contains("Ubuntu est constitué de milliers de composants différents"))
    }

    @Test(arguments: [
        ("chapitre.xhtml", "OEBPS/", "OEBPS/chapitre.xhtml"),
        ("../Text/ch%201.xhtml#note", "OEBPS/sub/", "OEBPS/Text/ch 1.xhtml"),
        ("./a/./b.html", "", "a/b.html"),
    ])
    func manifestReferencesResolveInsideTheArchive(href: String, folder: String, path: String) {
        #expect(EPUBFormat.resolve(href, in: folder) == path)
    }

    @Test func truncatedOrForeignFilesAreTypedFailures() throws {
        let bytes = try Fixture.bytes(Self.guide)
        for fraction in [0.0, 0.3, 0.6, 0.95] {
            #expect(throws: ExtractionFailure.self) { try EPUBFormat().extract(Array(bytes.prefix(Int(Double(bytes.count) * fraction)))) }
        }
        #expect(throws: ExtractionFailure.damaged("no META-INF/container.xml in the archive")) {
            try EPUBFormat().extract(Fixture.bytes("mon-village.odt"))
        }
    }
}
