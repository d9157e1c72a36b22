import Foundation
import FuretDocuments
import FuretTestSupport
import Testing
@testable import FuretIndex

/// Documents inside files (an mbox's messages, a mail's attachments) are documents of the
/// index, tied to their file: replaced, moved and removed with it.
@Suite struct FilePartsTests {
    static let fixtures = DocumentFilesTests.fixtures
    static let mailbox = try! String(contentsOfFile: fixtures + "/three-messages.mbox", encoding: .utf8)

    /// An index of `files` (name and text) read through the extraction helper.
    private static func indexed(_ files: [String: String]) async throws -> (SearchIndex, Indexer, TemporaryFolder) {
        let folder = try TemporaryFolder()
        for (name, text) in files { try folder.write(name, text) }
        let index = try SearchIndex.inMemory()
        try index.addRoots([folder.path])
        let indexer = try DocumentFilesTests.indexer(index)
        try await indexer.reconcile(root: folder.path)
        return (index, indexer, folder)
    }

    /// The part and title of the hits for `query`.
    private static func parts(_ index: SearchIndex, _ query: String) throws -> [String?] {
        try index.search(query).hits.map(\.part)
    }

    @Test func eachMessageOfAnMboxIsFoundByItsWords() async throws {
        let (index, _, folder) = try await Self.indexed(["archive.mbox": Self.mailbox])
        // Three messages; the mbox's own document is empty and has no row.
        #expect(try index.documentCount() == 3)
        #expect(try Self.parts(index, "Sylvain surnommer") == ["1"])
        #expect(try Self.parts(index, "Captain") == ["2"])
        #expect(try Self.parts(index, "omnibus fiacre") == ["3"])
        #expect(try Set(Self.parts(index, "lettre")) == ["1", "2", "3"])
        let hit = try #require(try index.search("Captain").hits.first)
        #expect(hit.path == folder.path + "/archive.mbox")
        #expect(hit.title == "Deuxième lettre")
        // A message's date is its Date header (2024-05-04 for the second).
        #expect(try Self.parts(index, "lettre after:2024-05-04 before:2024-05-04") == ["2"])
    }

    @Test func anEditedMessageReplacesItsOldTextAndTheOthersStay() async throws {
        let (index, indexer, folder) = try await Self.indexed(["archive.mbox": Self.mailbox])
        let path = folder.path + "/archive.mbox"
        try folder.write("archive.mbox", Self.mailbox.replacing("Le Captain Cap n'a jamais", with: "Le capitaine Nemo n'a jamais"))
        let report = try await indexer.update(paths: [path])
        #expect(report.indexed == 1)
        #expect(try index.documentCount() == 3)
        #expect(try Self.parts(index, "Nemo") == ["2"])
        #expect(try Self.parts(index, "Captain").isEmpty)
        #expect(try Self.parts(index, "Sylvain") == ["1"])
        #expect(try Self.parts(index, "omnibus") == ["3"])
        // A message gone from the file is gone from the index.
        let firstTwo = String(Self.mailbox[..<Self.mailbox.ranges(of: "\nFrom MAILER-DAEMON").last!.lowerBound]) + "\n"
        try folder.write("archive.mbox", firstTwo)
        try await indexer.update(paths: [path])
        #expect(try index.documentCount() == 2)
        #expect(try Self.parts(index, "omnibus").isEmpty)
        #expect(try Self.parts(index, "Sylvain") == ["1"])
        try await index.checkFullTextIntegrity()
    }

    @Test func aRemovedMboxTakesItsMessagesAlong() async throws {
        let (index, indexer, folder) = try await Self.indexed(["archive.mbox": Self.mailbox, "notes.txt": "Une lettre."])
        try FileManager.default.removeItem(atPath: folder.path + "/archive.mbox")
        let report = try await indexer.reconcile(root: folder.path)
        #expect(report.removed == 1)
        #expect(try index.documentCount() == 1)
        #expect(try index.names("lettre") == ["notes.txt"])
        try await index.checkFullTextIntegrity()
    }

    @Test func aRenamedMboxKeepsItsMessagesUnderItsNewPath() async throws {
        let (index, indexer, folder) = try await Self.indexed(["archive.mbox": Self.mailbox])
        let (old, new) = (folder.path + "/archive.mbox", folder.path + "/2024/lettres.mbox")
        try FileManager.default.createDirectory(atPath: folder.path + "/2024", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: old, toPath: new)
        try await index.apply([.move(from: old, to: new)])
        let hits = try index.search("lettre").hits
        #expect(hits.count == 3 && hits.allSatisfy { $0.path == new })
        #expect(try Self.parts(index, "Captain") == ["2"])
        // The messages carry the file's stamp: the moved file is not read again.
        let report = try await indexer.reconcile(root: folder.path)
        #expect(report == Indexer.Report(indexed: 0, unchanged: 1, removed: 0, skipped: 0))
        #expect(try index.documentCount() == 3)
    }

    @Test func aTouchedMboxIsNotReadAgainAndKeepsItsMessages() async throws {
        let (index, indexer, folder) = try await Self.indexed(["archive.mbox": Self.mailbox])
        let path = folder.path + "/archive.mbox"
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: path)
        #expect(try await indexer.update(paths: [path]).unchanged == 1)
        #expect(try await indexer.reconcile(root: folder.path).unchanged == 1)
        #expect(try index.documentCount() == 3)
    }

    @Test func aMailsAttachmentIsFoundByItsOwnWords() async throws {
        let mail = try String(contentsOfFile: Self.fixtures + "/with-attachment.eml", encoding: .utf8)
        let (index, _, _) = try await Self.indexed(["envoi.eml": mail])
        #expect(try index.documentCount() == 2)
        let attachment = try #require(try index.search("\"Puisse-t-il voir dans la Dédicace\"").hits.first)
        #expect(attachment.part == "1/veillée à Saint-Brunelle.odt")
        #expect(attachment.title == "Mon Village — Une veillée")
        let message = try #require(try index.search("\"ci-joint la veillée\"").hits.first)
        #expect(message.part == nil && message.title == "Le manuscrit")
    }

    /// `ext:` finds an attachment by its own extension and by its mail's (see `filters(for:)`).
    @Test func extensionFiltersSeeAnAttachmentsOwnNameAndItsMails() async throws {
        let pdf = DocumentFilesTests.reference
        let mail = """
            From: Alice <alice@example.org>
            To: Bob <bob@example.org>
            Subject: Le manuel
            Date: Mon, 06 May 2024 10:00:00 +0200
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="limite"

            --limite
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Voici la Référence Debian en pièce jointe.
            --limite
            Content-Type: application/pdf; name="manuel.pdf"
            Content-Disposition: attachment; filename="manuel.pdf"
            Content-Transfer-Encoding: base64

            \(Data(pdf).base64EncodedString(options: .lineLength76Characters))
            --limite--

            """
        // The same mail forwarded, in a mailbox: its PDF is inside `envoi.eml` inside `archive.mbox`.
        let forward = """
            From MAILER-DAEMON Mon May  6 12:00:00 2024
            From: Bob <bob@example.org>
            Subject: Fwd: Le manuel
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="autre"

            --autre
            Content-Type: text/plain; charset=utf-8

            Pour information.
            --autre
            Content-Type: application/octet-stream
            Content-Disposition: attachment; filename="envoi.eml"
            Content-Transfer-Encoding: base64

            \(Data(mail.utf8).base64EncodedString(options: .lineLength76Characters))
            --autre--

            """
        let (index, _, _) = try await Self.indexed(["envoi.eml": mail, "archive.mbox": forward, "notes.txt": "Le manuel de Debian."])
        /// Each hit as its file's name and its part.
        func hits(_ query: String) throws -> Set<String> {
            Set(try index.search(query).hits.map { ($0.path as NSString).lastPathComponent + "#" + ($0.part ?? "") })
        }
        let manual = "\"didacticiels GNU\""
        let pdfs: Set = ["envoi.eml#1/manuel.pdf", "archive.mbox#1/1/envoi.eml/1/manuel.pdf"]
        // Only the attachments have these words: PDFs, in mails.
        #expect(try hits(manual) == pdfs)
        #expect(try hits(manual + " ext:pdf") == pdfs)
        #expect(try hits(manual + " ext:eml") == pdfs)
        #expect(try hits(manual + " ext:mbox") == ["archive.mbox#1/1/envoi.eml/1/manuel.pdf"])
        #expect(try hits(manual + " ext:txt").isEmpty)
        // A mail's own text is not a PDF; the text file is neither.
        #expect(try hits("debian") == pdfs.union(["envoi.eml#", "archive.mbox#1/1/envoi.eml", "notes.txt#"]))
        #expect(try hits("debian ext:pdf") == pdfs)
        #expect(try hits("debian ext:eml") == pdfs.union(["envoi.eml#", "archive.mbox#1/1/envoi.eml"]))
        #expect(try hits("debian ext:txt") == ["notes.txt#"])
        // Several extensions: any of them.
        #expect(try hits("debian ext:txt ext:.PDF") == pdfs.union(["notes.txt#"]))
    }
}
