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
                      let id = try Int64.fetchOne(db, sql: "SELECT id FROM documents WHERE path = ? AND part = ''", arguments: [hit.path]),
                      bodies.move(to: id), let body = StoredText(stored: bodies),
                      body.load(from: 0, toAtLeast: offset), body.start == 0
                else { return hit }
                var hit = hit
                let before = UnsafeBufferPointer(rebasing: body.text[..<min(offset, body.end)])
                hit.line = 1 + before.reduce(0) { $1 == UInt8(ascii: "\n") ? $0 + 1 : $0 }
                return hit
            }
        }
    }

    private static func hasLines(_ hit: RankedHit) -> Bool {
        hit.matchOffset != nil && DocumentFormats.format(forPath: hit.path)?.keepsLines == true
    }
}
