import Foundation
@testable import FuretDocuments
@testable import FuretIndex
import FuretTestSupport

/// An in-memory index over the given files, already ingested.
func indexedFolder(_ files: [String: String]) async throws -> (SearchIndex, Indexer, TemporaryFolder) {
    let folder = try TemporaryFolder()
    for (name, text) in files { try folder.write(name, text) }
    let index = try SearchIndex.inMemory()
    try index.addRoots([folder.path])
    let indexer = Indexer(index: index)
    try await indexer.reconcile(root: folder.path)
    return (index, indexer, folder)
}

extension SearchIndex {
    /// The file names (last path component) of the hits for `query`, best first.
    func names(_ query: String, limit: Int = 100) throws -> [String] {
        try search(query, limit: limit).hits.map { ($0.path as NSString).lastPathComponent }
    }
}

extension SearchDeadline {
    /// For tests comparing scoring modes' results, not their time: with the whole suite
    /// running on two cores, full scoring of a frequent word once took longer than a client's
    /// default 1.5 s and was interrupted.
    static let comparisons = SearchDeadline(seconds: 600)
}

/// Where the package's own files are.
enum PackagePaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sampleCorpus = root.appendingPathComponent("Tests/SampleCorpus/documents").path
    static let shared = root.deletingLastPathComponent().appendingPathComponent("shared").path
    static var hasShared: Bool { FileManager.default.fileExists(atPath: shared + "/corpus/sample") }
}

extension IndexedDocument {
    /// A plain-text document as the reader would make it from `body`.
    static func text(_ path: String, title: String, body: String) -> IndexedDocument {
        IndexedDocument(
            path: path, title: title, body: body,
            size: body.utf8.count, mtime: 0, hash: ContentHash.of(Array(body.utf8)), encoding: "utf-8", format: "text")
    }
}

extension SearchIndex {
    /// FTS5's `integrity-check` of `documents_fts` against the text its external content view
    /// gives (rank 1: the content too); throws when they disagree, as when a replaced or removed
    /// document's old terms stayed.
    func checkFullTextIntegrity() async throws {
        try await writer.write { db in
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES('integrity-check', 1)")
        }
    }
}
