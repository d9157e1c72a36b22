import Foundation
import FuretAnalysis
import FuretIndex

/// One change to a file, as it waits for its shard.
enum ShardChange {
    case write(IndexedDocument)
    case remove
}

/// The router's writing to one shard: its writer (Xapian allows one per database) and a
/// document builder of its own, so that the router writes to every shard at once, each
/// lane on its own thread, analysing its files while the other lanes wait for their shards.
///
/// Not thread-safe: one thread at a time uses a lane (``ClusterRouter`` holds its lock
/// around the lanes' concurrent turns, one thread per lane); `@unchecked Sendable` for the
/// analysis thread of ``apply(_:)``, which alone uses the builder until it ends.
final class ShardWriteLane: @unchecked Sendable {
    let address: ShardAddress
    private let timeouts: ClusterTimeouts
    private let builder: ShardDocumentBuilder
    /// Opened on first use and dropped when its connection fails.
    private var writer: XapianWriter?

    init(address: ShardAddress, timeouts: ClusterTimeouts, builder: ShardDocumentBuilder) {
        self.address = address
        self.timeouts = timeouts
        self.builder = builder
    }

    /// Writes `changes` in one commit. Each request to a remote shard waits for its answer,
    /// so a file costs one request per stored document: its first document replaces, by the
    /// file's term, whatever the shard held for the file (Xapian's `replace_document` keeps
    /// one document holding the term and deletes the others), its other parts are added by
    /// their own identity; a removal is one deletion by the file's term. The documents are
    /// analysed on a thread of their own, ahead of the requests: the analysis of one overlaps
    /// the shard's work on the one before, rather than each waiting for the other.
    /// - Throws: ``XapianError``; the connection is then dropped, and with it what was not
    ///   committed: the caller keeps `changes` to write them all again.
    func apply(_ changes: [String: ShardChange]) throws(XapianError) {
        var requests: [(id: String, document: IndexedDocument?)] = []
        for (path, change) in changes {
            let fileTerm = ShardSchema.fileTerm(path: path)
            guard case .write(let file) = change, let first = file.storedDocuments.first else {
                requests.append((fileTerm, nil))
                continue
            }
            requests.append((fileTerm, first))
            for document in file.storedDocuments.dropFirst() {
                requests.append((ShardSchema.idTerm(path: document.path, part: document.part), document))
            }
        }
        let built = BuiltDocuments(count: requests.count)
        let documents = requests.map(\.document)
        let analysis = Thread { [self] in
            for (index, document) in documents.enumerated() where !built.isAbandoned {
                guard let document else { continue }
                built.put(index, Result { () throws(XapianError) in try builder.document(for: document) })
            }
            built.finish()
        }
        analysis.start()
        // The builder is the analysis thread's until it ends, whatever happens here.
        defer { built.abandonAndWait() }
        do throws(XapianError) {
            let writer: XapianWriter
            if let open = self.writer {
                writer = open
            } else {
                writer = try XapianWriter(remote: address, timeouts: timeouts)
                self.writer = writer
            }
            for (index, request) in requests.enumerated() {
                if request.document == nil {
                    try writer.delete(id: request.id)
                } else {
                    try writer.replace(id: request.id, with: try built.take(index).get())
                }
            }
            try ShardSchema.commit(writer)
        } catch {
            writer = nil
            throw error
        }
    }

    /// Closes the connection: a router started after this one must be the shard's writer.
    func close() {
        writer = nil
    }
}
