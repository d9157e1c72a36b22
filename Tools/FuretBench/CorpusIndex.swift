import Foundation
import FuretDocuments
import FuretIndex
import FuretIsolatedFormats

/// A Furet index of a whole corpus, built once and reused by later evaluations.
///
/// A build ends by writing a completion marker next to the database
/// (`<index>.complete.json`). The index is reused only when that marker names the same
/// corpus folder and the same furet-bench executable: a rebuilt executable may carry a
/// changed analyzer or schema, whose effect an old index would hide.
///
/// ```swift
/// let corpus = try await CorpusIndex.open(root: "/data/eltec-fr", at: "Index/eval/eltec-fr.sqlite", rebuild: false)
/// let results = try corpus.index.search("la mer", limit: 10)
/// ```
struct CorpusIndex {
    let index: SearchIndex
    let marker: Marker
    /// Whether this run built the index (rather than reusing it).
    let isNew: Bool

    /// What a complete build recorded.
    struct Marker: Codable {
        /// The corpus folder, absolute and resolved.
        var root: String
        /// Size and modification time of the furet-bench executable that built the index.
        var builder: String
        var documents: Int
        var buildSeconds: Double
        var indexBytes: Int
    }

    /// Opens the index of the corpus at `root` stored at `path`, building it when it is
    /// missing, incomplete, built from another folder or by another executable, or when
    /// `rebuild` is set.
    static func open(root: String, at path: String, rebuild: Bool) async throws -> CorpusIndex {
        guard let resolvedRoot = FileSystem.resolve(root), FileSystem.isDirectory(resolvedRoot) else {
            throw BenchError.badInput(path: root, reason: "no such corpus folder")
        }
        let markerPath = path + ".complete.json"
        let builder = builderIdentity()
        if !rebuild, let marker = readMarker(markerPath), marker.root == resolvedRoot, marker.builder == builder,
           FileManager.default.fileExists(atPath: path) {
            return CorpusIndex(index: try SearchIndex(path: path), marker: marker, isNew: false)
        }
        try? FileManager.default.removeItem(atPath: markerPath)
        DatabaseFiles.remove(path)
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        Console.report("indexing \(resolvedRoot) into \(path)…")
        let (documents, seconds) = try await build(root: resolvedRoot, at: path)
        let marker = Marker(
            root: resolvedRoot, builder: builder, documents: documents, buildSeconds: seconds,
            indexBytes: DatabaseFiles.bytes(path))
        Console.report("indexed \(Format.count(documents)) documents in \(Format.fixed(seconds, 1)) s")
        try JSONEncoder().encode(marker).write(to: URL(fileURLWithPath: markerPath))
        return CorpusIndex(index: try SearchIndex(path: path), marker: marker, isNew: true)
    }

    /// Indexes `root` into a new index at `path` and optimizes it; returns the document count
    /// and the seconds taken. The index is closed on return, so that its size is final.
    private static func build(root: String, at path: String) async throws -> (documents: Int, seconds: Double) {
        let index = try SearchIndex(path: path)
        try index.addRoots([root])
        let clock = ContinuousClock()
        let start = clock.now
        // Every format read in this process, the isolated ones too: this program links their code.
        let report = try await Indexer(index: index, reader: DocumentReader(extractor: IsolatedFormats())).reconcile(root: root)
        try await index.optimize()
        let seconds = (clock.now - start).seconds
        if report.skipped > 0 {
            Console.report("warning: \(report.skipped) files of \(root) were skipped")
        }
        return (try index.documentCount(), seconds)
    }

    private static func readMarker(_ path: String) -> Marker? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONDecoder().decode(Marker.self, from: $0) }
    }

    /// Identifies the running executable by size and modification time.
    private static func builderIdentity() -> String {
        guard let executable = FileSystem.resolve("/proc/self/exe"),
              let stamp = FileSystem.stamp(ofRegularFile: executable) else { return "unknown" }
        return "\(executable) \(stamp.size) \(stamp.mtime)"
    }
}
