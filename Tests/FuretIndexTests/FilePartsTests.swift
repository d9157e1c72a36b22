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
        try await Self.expectConsistent(index)
    }

    @Test func aRemovedMboxTakesItsMessagesAlong() async throws {
        let (index, indexer, folder) = try await Self.indexed(["archive.mbox": Self.mailbox, "notes.txt": "Une lettre."])
        try FileManager.default.removeItem(atPath: folder.path + "/archive.mbox")
        let report = try await indexer.reconcile(root: folder.path)
        #expect(report.removed == 1)
        #expect(try index.documentCount() == 1)
        #expect(try index.names("lettre") == ["notes.txt"])
        try await Self.expectConsistent(index)
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

    /// FTS5 agrees with the stored documents: every replaced or removed part's terms went.
    private static func expectConsistent(_ index: SearchIndex) async throws {
        try await index.writer.write { db in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1)")
        }
    }
}
