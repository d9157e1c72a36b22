import GRDB

/// How FTS5 merges the index's segments as writes add them: a little with each write, except
/// in a bulk load, whose segments the daemon merges in one pass once it is idle
/// (`LocalEngine`'s compaction, which a bulk load always calls for).
///
/// FTS5 writes each transaction's terms as a new segment, and its `automerge` merges a level's
/// segments into the next one as later writes go on. A bulk load writes a segment per batch
/// (10,000 paragraphs or 8 MiB of text), so the same postings were rewritten from level to
/// level while the load ran, on SQLite's single writer, the bound of a build. Without
/// merging within the load and with one merge once idle, the 1,000,000 paragraphs of the
/// growth set (100 batches) were built in 82.7 s instead of 110.5 s (medians of 2,
/// alternating; CPU 163 → 129 s), merged too in 101 s instead of 121 s, into the same index.
///
/// The setting lives in FTS5's configuration, so each write sets what it needs in its own
/// transaction: it stays right whatever wrote last, a process stopped in a bulk load included.
package enum SegmentMerging {
    /// FTS5's `automerge` outside bulk loads: a level's segments are merged once it has this
    /// many, a step with each write (work in proportion to what the write adds).
    static let automerge = 8

    /// How many segments a level may hold before FTS5 merges them at once, whatever
    /// `automerge` says: more than a bulk load of a million paragraphs leaves (100), so that
    /// it merges nothing before the end, yet a bound on what a search must read through.
    static let crisisMerge = 128

    /// The share of an index's documents that a bulk load changes (all of an empty index's):
    /// from it on, merging every segment into one once idle costs little beside the load.
    package static let bulkShare = 0.1

    /// Whether changing `changed` documents of an index of `documents` is a bulk load.
    package static func isBulkLoad(changing changed: Int, of documents: Int) -> Bool {
        Double(changed) >= bulkShare * Double(documents)
    }

    /// Sets FTS5's merging in the write transaction `db`, for a write of a bulk load or not.
    static func prepare(bulkLoad: Bool, _ db: Database) throws {
        let wanted = bulkLoad ? 0 : automerge
        let current = try Int.fetchOne(db, sql: "SELECT v FROM documents_fts_config WHERE k = 'automerge'")
        guard current != wanted else { return }
        if bulkLoad {
            try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES('crisismerge', ?)", arguments: [crisisMerge])
        }
        try db.execute(sql: "INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', ?)", arguments: [wanted])
    }
}
