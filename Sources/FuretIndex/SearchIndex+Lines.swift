import FuretDocuments
import GRDB

extension SearchIndex {
    /// `hits` with the line of each one's match, for documents whose body keeps their file's
    /// lines (plain text); other hits are returned as they are.
    ///
    /// A line costs decompressing the body from its start to the match (about 10 µs per 4 KiB
    /// block, see ``TextCompression``): nothing for a short note, milliseconds for a match
    /// deep in a novel. Hence a separate step, run when a client asks for lines (`furet`
    /// does, for a person reading the hits), rather than part of every search.
    public func withLines(_ hits: [RankedHit]) throws -> [RankedHit] {
        guard hits.contains(where: { Self.hasLines($0) }) else { return hits }
        return try writer.read { db in
            let bodies = BodyBlob(db)
            defer { bodies.close() }
            return try hits.map { hit in
                guard Self.hasLines(hit), let offset = hit.matchOffset,
                      let id = try Int64.fetchOne(db, sql: "SELECT id FROM documents WHERE \(StoredPath.file) AND part = ''",
                                                  arguments: StoredPath(hit.path).arguments),
                      bodies.move(to: id), let body = StoredText(stored: bodies)
                else { return hit }
                var hit = hit
                hit.line = Self.line(of: body, at: offset)
                return hit
            }
        }
    }

    /// `hit` with the line of its match, for a document whose body keeps its file's lines;
    /// `stored` is its body as stored (``IndexedDocument/storedBody``). For an engine that
    /// keeps bodies elsewhere (the cluster router's shards).
    package static func withLine(_ hit: RankedHit, storedBody stored: [UInt8]) -> RankedHit {
        guard hasLines(hit), let offset = hit.matchOffset else { return hit }
        var hit = hit
        hit.line = stored.withUnsafeBytes { bytes in
            StoredText(stored: InMemoryBytes(bytes: bytes)).flatMap { line(of: $0, at: offset) }
        }
        return hit
    }

    /// The 1-based line holding byte `offset` of `body`; `nil` when the body is corrupt.
    private static func line(of body: StoredText, at offset: Int) -> Int? {
        guard body.load(from: 0, toAtLeast: offset), body.start == 0 else { return nil }
        let before = UnsafeBufferPointer(rebasing: body.text[..<min(offset, body.end)])
        return 1 + before.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
    }

    /// Whether a hit's match has a line: a file's own document (not a part) in a format
    /// that keeps its lines.
    private static func hasLines(_ hit: RankedHit) -> Bool {
        hit.part == nil && hit.matchOffset != nil && DocumentFormats.format(forPath: hit.path)?.keepsLines == true
    }
}
