import FuretDocuments
import FuretIndex

/// Every `.txt` file of a corpus folder, read into memory by Furet's ``DocumentReader``.
struct CorpusText {
    /// The folder, absolute and resolved.
    let root: String
    /// The documents, sorted by path.
    let documents: [IndexedDocument]
    /// The total size of the files.
    let bytes: Int

    var paths: [String] { documents.map(\.path) }

    /// Reads every `.txt` file under `root`.
    ///
    /// - Throws: ``BenchError/badInput(path:reason:)`` when a file cannot be read or there
    ///   is none.
    static func load(_ root: String) throws -> CorpusText {
        let files = FileSystem.scan(root).filter { $0.path.hasSuffix(".txt") }.sorted { $0.path < $1.path }
        guard !files.isEmpty else { throw BenchError.badInput(path: root, reason: "no .txt file") }
        let reader = DocumentReader()
        let documents = try files.map { file in
            do {
                return try IndexedDocument(reader.read(file.path, stamp: file.stamp))
            } catch {
                throw BenchError.badInput(path: file.path, reason: "unreadable (\(error))")
            }
        }
        return CorpusText(root: root, documents: documents, bytes: files.reduce(0) { $0 + $1.stamp.size })
    }
}
