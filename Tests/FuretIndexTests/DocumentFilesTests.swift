import Foundation
import FuretDocuments
import FuretTestSupport
import Glibc
import Testing
@testable import FuretIndex

/// Binary documents through the whole indexer: the helper, skipped files, their memory.
@Suite struct DocumentFilesTests {
    static let fixtures = PackagePaths.root.appendingPathComponent("Tests/FuretDocumentsTests/Fixtures").path
    static let reference = try! Array(Data(contentsOf: URL(fileURLWithPath: fixtures + "/debian-reference-fr-2-pages.pdf")))

    static func indexer(_ index: SearchIndex, helper: String? = IsolatedExtractor.besideThisProgram(), helpers: Int = 1) throws -> Indexer {
        let executable = try #require(helper, "furet-extract is built beside the tests")
        return Indexer(index: index, reader: DocumentReader(extractor: IsolatedExtractor(executable: executable, helpers: helpers)))
    }

    @Test func pdfsAreReadByAsManyHelpersAsThereAreBesideTextFiles() async throws {
        let folder = try TemporaryFolder()
        for name in ["a", "b", "c", "d", "e"] { try folder.write("\(name).pdf", bytes: Self.reference) }
        try folder.write("notes.txt", "Les didacticiels du jour.")
        let index = try SearchIndex.inMemory()
        let report = try await Self.indexer(index, helpers: 2).reconcile(root: folder.path)
        #expect(report.indexed == 6 && report.skipped == 0)
        #expect(try index.names("didacticiels").sorted() == ["a.pdf", "b.pdf", "c.pdf", "d.pdf", "e.pdf", "notes.txt"])
    }

    @Test func pdfsAreIndexedThroughTheHelperAndBadOnesAreCountedByReason() async throws {
        let folder = try TemporaryFolder()
        try folder.write("guide.pdf", bytes: Self.reference)
        try folder.write("secret.pdf", bytes: Array(Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/encrypted.pdf"))))
        try folder.write("scan.pdf", bytes: Array(Data(contentsOf: URL(fileURLWithPath: Self.fixtures + "/no-text-layer.pdf"))))
        try folder.write("notes.pdf", "Un simple texte nommé .pdf")
        try folder.write("photo.jpg", bytes: [0xFF, 0xD8, 0xFF])
        let index = try SearchIndex.inMemory()
        let indexer = try Self.indexer(index)
        let report = try await indexer.reconcile(root: folder.path)
        #expect(report.indexed == 1)
        #expect(report.skipped == 3)
        #expect(indexer.unsupportedFiles(under: [folder.path]) == 1)
        #expect(indexer.unsupportedFiles(under: ["/elsewhere"]) == 0)
        #expect(try index.names("apprendre système exploitation") == ["guide.pdf"])
        let hit = try #require(try index.search("didacticiels").hits.first)
        #expect(hit.title == "Référence Debian")
        // The second page of the file, labelled "1" (the first is "i").
        #expect(hit.page == 2 && hit.pageLabel == "1")
        let first = try #require(try index.search("Osamu").hits.first)
        #expect(first.page == 1 && first.pageLabel == "i")
        #expect(try index.search("apprendre").hits.first?.snippet.contains("apprendre") == true)
        // "d’exploita-\ntion" at a line's end in the PDF is one word again.
        #expect(try index.names("\"système d’exploitation multi-utilisateurs\"") == ["guide.pdf"])
        #expect(try index.names("tion").isEmpty, "no stray half-word")
        #expect(try index.skippedCounts() == ["encrypted": 1, "no_text_layer": 1, "unsupported": 1])
        // The PDF's own date (CreationDate 2023-02-04), not the file's mtime (today), is filtered on.
        #expect(try index.names("didacticiels after:2023-02-04 before:2023-02-04") == ["guide.pdf"])
        #expect(try index.names("didacticiels after:2023-02-05").isEmpty)
        // Not read again until they change; gone files are forgotten.
        let again = try await Self.indexer(index).reconcile(root: folder.path)
        #expect(again.skipped == 0 && again.unchanged == 4)
        try FileManager.default.removeItem(atPath: folder.path + "/secret.pdf")
        try await Self.indexer(index).reconcile(root: folder.path)
        #expect(try index.skippedCounts() == ["no_text_layer": 1, "unsupported": 1])
    }

    @Test func aFileThatKillsTheHelperIsMarkedUntilItChanges() async throws {
        let folder = try TemporaryFolder()
        let runs = folder.path + "/runs.log"
        // A stand-in helper that dies on whatever it is given, counting its runs.
        let fake = try folder.write("bin/fake-extract", "#!/bin/sh\necho run >> \(runs)\nhead -c 8 >/dev/null\nkill -SEGV $$\n")
        chmod(fake, 0o755)
        let documents = folder.path + "/docs"
        try folder.write("docs/guide.pdf", bytes: Self.reference)
        try folder.write("docs/notes.txt", "Le chat dort.")
        let index = try SearchIndex.inMemory()
        let crashing = try Self.indexer(index, helper: fake)
        for _ in 1..<50 {  // ETXTBSY while another test's process forks: see IsolatedExtractorTests
            try await crashing.reconcile(root: documents)
            if try index.skippedCounts()["extractor_crashed"] == 1 { break }
            usleep(20_000)
        }
        #expect(try index.names("chat") == ["notes.txt"], "the indexer goes on with the other files")
        #expect(try index.skippedCounts() == ["extractor_crashed": 1])
        let runsAfterCrash = try String(contentsOfFile: runs, encoding: .utf8).count
        try await crashing.reconcile(root: documents)
        try await crashing.update(paths: [documents + "/guide.pdf"])
        #expect(try String(contentsOfFile: runs, encoding: .utf8).count == runsAfterCrash, "not retried while unchanged")
        // Once the file changes, it is read again (here by a helper that works).
        try folder.write("docs/guide.pdf", bytes: Self.reference + Array("\n% saved again\n".utf8))
        try await Self.indexer(index).update(paths: [documents + "/guide.pdf"])
        #expect(try index.skippedCounts().isEmpty)
        #expect(try index.names("didacticiels") == ["guide.pdf"])
    }

    @Test func aPDFStillBeingWrittenFailsThenSucceedsOnItsNextWrite() async throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("rapport.pdf", bytes: Array(Self.reference.prefix(Self.reference.count / 3)))
        let index = try SearchIndex.inMemory()
        let indexer = try Self.indexer(index)
        try await indexer.update(paths: [path])
        #expect(try index.skippedCounts() == ["damaged": 1])
        try folder.write("rapport.pdf", bytes: Self.reference)
        try await indexer.update(paths: [path])
        #expect(try index.skippedCounts().isEmpty)
        #expect(try index.names("didacticiels") == ["rapport.pdf"])
    }
}
