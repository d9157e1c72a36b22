import CDeflate
import Foundation
import FuretRelease
import GRDB

/// The on-disk format of the index, as GRDB migrations (documented in `Index/README.md`).
///
/// Never edit a migration that has shipped: add a new one, and bump `ReleaseVersion.indexFormat`.
enum IndexSchema {
    /// Stored in `PRAGMA user_version`; an index written by a newer Furet is refused. Kept
    /// with the release number, where the client reads it for `furet --version`.
    static let formatVersion = ReleaseVersion.indexFormat

    /// Indexes migrated from a version below this one are rebuilt with `VACUUM` once migrated:
    /// the migration to version 3 moves every body to another table, which leaves the file a
    /// sixth larger than a new one (measured: 129.6 MB against 113.1 MB for both corpora), and
    /// the migration to version 11 rewrites every short body smaller, leaving its old pages free,
    /// the ones to versions 12 and 14 copy the `documents` table, and the one to version 13
    /// rebuilds the full-text data.
    static let compactingVersion = 14

    /// The first format with `body_dictionaries`.
    static let dictionaryVersion = 11

    /// Title matches weigh more than body matches in BM25.
    static let titleWeight = 5.0

    /// `documents_fts`'s column of the body (since format 13, the first: FTS5 marks each
    /// term's positions in any other column with two bytes a document).
    static let bodyColumn: Int32 = 0

    /// BM25's weight of each column of `documents_fts`, in their order (format 13), as
    /// arguments of `bm25()` and `furet_rank`.
    static let columnWeights = "1.0, \(titleWeight)"

    /// `furet_text(body)`: the text of a stored body (see ``TextCompression``), for FTS5's
    /// external content view and the removal of a document's terms. A value that is not a
    /// stored body is an error.
    static let textFunction = DatabaseFunction("furet_text", argumentCount: 1, pure: true) { values in
        guard case .blob(let data) = values[0].storage else { throw DatabaseError(message: "furet_text expects a blob") }
        guard let text = data.withUnsafeBytes(TextCompression.decompress) else {
            throw DatabaseError(message: "furet_text: corrupt document body")
        }
        return text
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE roots (
                    path TEXT PRIMARY KEY NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE documents (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL UNIQUE,
                    title TEXT NOT NULL,
                    body BLOB NOT NULL,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    hash TEXT NOT NULL,
                    encoding TEXT NOT NULL,
                    format TEXT NOT NULL,
                    indexed_at REAL NOT NULL
                );

                CREATE VIEW documents_text(id, title, body) AS
                    SELECT id, title, furet_text(body) FROM documents;

                CREATE VIRTUAL TABLE documents_fts USING fts5(
                    title, body,
                    content = 'documents_text', content_rowid = 'id',
                    tokenize = 'french', detail = full
                );
                INSERT INTO documents_fts(documents_fts, rank) VALUES('rank', 'bm25(\(titleWeight), 1.0)');
                INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', 8);

                CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
                    INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, furet_text(new.body));
                END;
                CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
                    INSERT INTO documents_fts(documents_fts, rowid, title, body)
                        VALUES ('delete', old.id, old.title, furet_text(old.body));
                END;
                CREATE TRIGGER documents_au AFTER UPDATE OF title, body ON documents BEGIN
                    INSERT INTO documents_fts(documents_fts, rowid, title, body)
                        VALUES ('delete', old.id, old.title, furet_text(old.body));
                    INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, furet_text(new.body));
                END;

                CREATE TABLE accented_words (
                    folded TEXT NOT NULL,
                    accented TEXT NOT NULL,
                    PRIMARY KEY (folded, accented)
                ) WITHOUT ROWID;

                PRAGMA user_version = 1;
                """)
        }
        // The triggers made every document's write a statement with a savepoint, and FTS5
        // (SQLite 3.40) writes its pending terms out as a new segment at every savepoint: one
        // segment per document, merged again and again. ``SearchIndex`` now writes
        // `documents_fts` itself, in plain statements, so FTS5 buffers thousands of documents
        // per segment as with direct inserts. The full-text data is unchanged.
        // `word_marks` (see ``WordMarks``) lets snippets skip counting words from the start of
        // a long body; documents indexed before have none and are counted from the start.
        migrator.registerMigration("v2: full-text writes without triggers, word marks") { db in
            try db.execute(sql: """
                DROP TRIGGER documents_ai;
                DROP TRIGGER documents_ad;
                DROP TRIGGER documents_au;
                ALTER TABLE documents ADD COLUMN word_marks BLOB;
                PRAGMA user_version = 2;
                """)
        }
        // Bodies were one zlib stream each, at the end of the documents' rows: a snippet read
        // and inflated a body up to its window, and reading a column after the body meant
        // walking the body's overflow pages. Bodies now live in their own table, compressed in
        // blocks that decompress on their own (see ``TextCompression``): a snippet reads the
        // block or two it shows, in place.
        migrator.registerMigration("v3: bodies in blocks, in a table of their own") { db in
            try db.execute(sql: "CREATE TABLE document_bodies (id INTEGER PRIMARY KEY, text BLOB NOT NULL)")
            let bodies = try Row.fetchCursor(db, sql: "SELECT id, body FROM documents")
            let insert = try db.makeStatement(sql: "INSERT INTO document_bodies(id, text) VALUES (?, ?)")
            while let row = try bodies.next() {
                let id: Int64 = row[0]
                guard let text = (row[1] as Data).withUnsafeBytes(singleStreamText) else {
                    throw DatabaseError(message: "the body of document \(id) is damaged: delete the index to rebuild it")
                }
                try insert.execute(arguments: [id, Data(TextCompression.compress(text))])
            }
            try db.execute(sql: """
                DROP VIEW documents_text;
                ALTER TABLE documents DROP COLUMN body;
                CREATE VIEW documents_text(id, title, body) AS
                    SELECT d.id, d.title, furet_text(b.text) FROM documents d JOIN document_bodies b ON b.id = d.id;
                PRAGMA user_version = 3;
                """)
        }
        // FTS5 writes its pending terms out as a segment whenever they pass `hashsize`, 1 MiB
        // by default: for a bulk load, a segment every few hundred documents, merged again
        // and again. At 32 MiB an indexing batch (8 MiB of text) is one segment, written at its
        // commit: eltec-fr indexes 0.44 -> 0.52 times as fast as raw FTS5 when files are read,
        // 0.59 -> 0.65 from memory, for up to 32 MiB more memory while a batch is written.
        migrator.registerMigration("v4: FTS5 hashsize 32 MiB") { db in
            try db.execute(sql: """
                INSERT INTO documents_fts(documents_fts, rank) VALUES('hashsize', \(32 << 20));
                PRAGMA user_version = 4;
                """)
        }
        // Content hashes are now CRC-32 and Adler-32 (``ContentHash``). Rows keep their FNV-1a
        // values, which never match a new hash: a touched file indexed before is read again
        // once, rather than every row being rewritten here.
        migrator.registerMigration("v5: content hash CRC-32 and Adler-32") { db in
            try db.execute(sql: "PRAGMA user_version = 5")
        }
        // The daemon's own bookkeeping that must survive a crash: how many documents changed
        // since the segments were last merged, so that a merge cut short by a crash (or
        // never started) is done after the restart.
        migrator.registerMigration("v6: maintenance counters") { db in
            try db.execute(sql: """
                CREATE TABLE maintenance(key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                PRAGMA user_version = 6;
                """)
        }
        // Documents other than text (PDF first): a document's own date (`date`, from its
        // metadata, NULL when it has none: `after:`/`before:` then use `mtime`), where the
        // pages of a body cut by U+000C start (`page_starts`, see ``PageStarts``; NULL for
        // unpaged documents) and its page labels when they are not the page numbers
        // (`page_labels`, separated by U+001F). Files that could not be read are
        // remembered with their stamp and reason (`skipped_files`): not read again until they
        // change, a helper crash included, and counted by reason in `status`.
        migrator.registerMigration("v7: document dates, pages, skipped files") { db in
            try db.execute(sql: """
                ALTER TABLE documents ADD COLUMN date REAL;
                ALTER TABLE documents ADD COLUMN page_starts BLOB;
                ALTER TABLE documents ADD COLUMN page_labels TEXT;
                CREATE TABLE skipped_files (
                    path TEXT PRIMARY KEY NOT NULL,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    reason TEXT NOT NULL
                ) WITHOUT ROWID;
                PRAGMA user_version = 7;
                """)
        }
        // Query words typed with a mistake are corrected against the words of the documents
        // (``FuzzyVocabulary``), kept in `words`; `documents_vocab` tells how many documents
        // hold a correction, to prefer frequent ones. A word mixing letters and digits is now also
        // split into its letter and digit runs (`l121` is `l` then `121`), which changes the
        // tokens: the full-text data is rebuilt from the stored text, and the `french`
        // tokenizer records every word it meets on the way, which ``SearchIndex`` then saves.
        migrator.registerMigration("v8: words for corrections, letter and digit runs") { db in
            try db.execute(sql: """
                CREATE TABLE words (word TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID;
                CREATE VIRTUAL TABLE documents_vocab USING fts5vocab('documents_fts', 'row');
                INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
                PRAGMA user_version = 8;
                """)
        }
        // Files hold documents of their own (an mbox's messages, a mail's attachments: see
        // ``IndexedDocument/parts``), one row each, named by `part` ('' for the file's own
        // document) and unique with `path`. A part is not encoded into `path` because a file
        // name may hold any character. `path` was UNIQUE on its own, which SQLite cannot drop:
        // the table is copied into one keyed on both (ids kept, so `document_bodies` and
        // `documents_fts` are untouched), and the view that names it is made again.
        migrator.registerMigration("v9: documents inside files") { db in
            try db.execute(sql: """
                DROP VIEW documents_text;
                CREATE TABLE documents_v9 (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    part TEXT NOT NULL DEFAULT '',
                    title TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    hash TEXT NOT NULL,
                    encoding TEXT NOT NULL,
                    format TEXT NOT NULL,
                    indexed_at REAL NOT NULL,
                    word_marks BLOB,
                    date REAL,
                    page_starts BLOB,
                    page_labels TEXT,
                    UNIQUE (path, part)
                );
                INSERT INTO documents_v9(id, path, title, size, mtime, hash, encoding, format, indexed_at, word_marks,
                                         date, page_starts, page_labels)
                    SELECT id, path, title, size, mtime, hash, encoding, format, indexed_at, word_marks,
                           date, page_starts, page_labels FROM documents;
                DROP TABLE documents;
                ALTER TABLE documents_v9 RENAME TO documents;
                CREATE VIEW documents_text(id, title, body) AS
                    SELECT d.id, d.title, furet_text(b.text) FROM documents d JOIN document_bodies b ON b.id = d.id;
                PRAGMA user_version = 9;
                """)
        }
        // Phrases of common words read one token (``CommonWordPairs``): documents carry the
        // pair tokens, so the full-text data is rebuilt from the stored text. A title that
        // starts its body is stored as its length (``StoredTitle``); rows written before keep
        // their title.
        migrator.registerMigration("v10: common word pairs, titles read from bodies") { db in
            try db.execute(sql: """
                ALTER TABLE documents ADD COLUMN title_bytes INTEGER;
                DROP VIEW documents_text;
                CREATE VIEW documents_text(id, title, body) AS
                    SELECT d.id, furet_title(d.title, d.title_bytes, b.text), furet_text(b.text)
                    FROM documents d JOIN document_bodies b ON b.id = d.id;
                INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
                PRAGMA user_version = 10;
                """)
        }
        // Short bodies are compressed with a zstd dictionary trained on the index's own
        // (``BodyDictionary``), which a body names by its id: trained here from the stored
        // bodies when the index has enough short ones, which are then rewritten with it (else
        // once enough are written, see ``SearchIndex``). The
        // text, and so the full-text data, is unchanged.
        migrator.registerMigration("v11: short bodies compressed with a dictionary") { db in
            try db.execute(sql: """
                CREATE TABLE body_dictionaries (
                    generation INTEGER PRIMARY KEY,
                    id INTEGER NOT NULL UNIQUE,
                    dictionary BLOB NOT NULL
                );
                """)
            _ = try BodyDictionary.trainOnStoredBodies(db)
            try db.execute(sql: "PRAGMA user_version = 11")
        }
        // A document's folder is stored once, in `folders`, and its row keeps the folder's id
        // and its own name (``StoredPath``): the path was in every row and again in the
        // `(path, part)` index. The table is copied into one keyed on `(folder, name, part)`,
        // ids kept, so `document_bodies` and `documents_fts` are untouched. A path's folder is
        // everything through its last `/` (`rtrim` with every other character of the path).
        migrator.registerMigration("v12: folders stored once") { db in
            try db.execute(sql: """
                DROP VIEW documents_text;
                CREATE TABLE folders (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
                INSERT INTO folders(path)
                    SELECT DISTINCT rtrim(path, replace(path, '/', '')) FROM documents ORDER BY 1;
                CREATE TABLE documents_v12 (
                    id INTEGER PRIMARY KEY,
                    folder INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    part TEXT NOT NULL DEFAULT '',
                    title TEXT NOT NULL,
                    title_bytes INTEGER,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    hash TEXT NOT NULL,
                    encoding TEXT NOT NULL,
                    format TEXT NOT NULL,
                    indexed_at REAL NOT NULL,
                    word_marks BLOB,
                    date REAL,
                    page_starts BLOB,
                    page_labels TEXT,
                    UNIQUE (folder, name, part)
                );
                INSERT INTO documents_v12(id, folder, name, part, title, title_bytes, size, mtime, hash, encoding, format,
                                          indexed_at, word_marks, date, page_starts, page_labels)
                    SELECT d.id, f.id, substr(d.path, length(f.path) + 1), d.part, d.title, d.title_bytes, d.size, d.mtime,
                           d.hash, d.encoding, d.format, d.indexed_at, d.word_marks, d.date, d.page_starts, d.page_labels
                    FROM documents d JOIN folders f ON f.path = rtrim(d.path, replace(d.path, '/', ''));
                DROP TABLE documents;
                ALTER TABLE documents_v12 RENAME TO documents;
                CREATE VIEW documents_text(id, title, body) AS
                    SELECT d.id, furet_title(d.title, d.title_bytes, b.text), furet_text(b.text)
                    FROM documents d JOIN document_bodies b ON b.id = d.id;
                CREATE VIEW document_paths(id, path, part) AS
                    SELECT d.id, f.path || d.name, d.part FROM documents d JOIN folders f ON f.id = d.folder;
                PRAGMA user_version = 12;
                """)
        }
        // The body is `documents_fts`'s first column, the title its second: FTS5 writes a
        // term's positions in the first column as they are, and those in any other after a
        // column marker (a 1, then the column's number), two bytes for each document holding
        // the term. Nearly every term of a document is in its body, so the markers were a third
        // of the full-text data of paragraph-sized documents. The table is made again, with the
        // same settings, and its data rebuilt from the stored text.
        migrator.registerMigration("v13: the body first in the full-text table") { db in
            try db.execute(sql: """
                DROP TABLE documents_vocab;
                DROP TABLE documents_fts;
                CREATE VIRTUAL TABLE documents_fts USING fts5(
                    body, title,
                    content = 'documents_text', content_rowid = 'id',
                    tokenize = 'french', detail = full
                );
                INSERT INTO documents_fts(documents_fts, rank) VALUES('rank', 'bm25(\(columnWeights))');
                INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', 8);
                INSERT INTO documents_fts(documents_fts, rank) VALUES('hashsize', \(32 << 20));
                CREATE VIRTUAL TABLE documents_vocab USING fts5vocab('documents_fts', 'row');
                INSERT INTO documents_fts(documents_fts) VALUES('rebuild');
                PRAGMA user_version = 13;
                """)
        }
        // Smaller `documents` rows: the content hash as the 64-bit integer it is rather than
        // 16 hex digits, the encoding and format as codes (``StoredLabel``), and no
        // `indexed_at`, which nothing read. The table is copied, ids kept, as in version 12.
        migrator.registerMigration("v14: compact document rows") { db in
            let conversions = [hashFunction] + [StoredLabel.encoding, .format].map(labelCodeFunction)
            for function in conversions { db.add(function: function) }
            defer { for function in conversions { db.remove(function: function) } }
            try db.execute(sql: """
                DROP VIEW documents_text;
                DROP VIEW document_paths;
                CREATE TABLE documents_v14 (
                    id INTEGER PRIMARY KEY,
                    folder INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    part TEXT NOT NULL DEFAULT '',
                    title TEXT NOT NULL,
                    title_bytes INTEGER,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    hash INTEGER NOT NULL,
                    encoding INTEGER,
                    format INTEGER,
                    word_marks BLOB,
                    date REAL,
                    page_starts BLOB,
                    page_labels TEXT,
                    UNIQUE (folder, name, part)
                );
                INSERT INTO documents_v14(id, folder, name, part, title, title_bytes, size, mtime, hash, encoding, format,
                                          word_marks, date, page_starts, page_labels)
                    SELECT id, folder, name, part, title, title_bytes, size, mtime, furet_hash64(hash),
                           furet_encoding_code(encoding), furet_format_code(format), word_marks, date, page_starts, page_labels
                    FROM documents;
                DROP TABLE documents;
                ALTER TABLE documents_v14 RENAME TO documents;
                CREATE VIEW documents_text(id, title, body) AS
                    SELECT d.id, furet_title(d.title, d.title_bytes, b.text), furet_text(b.text)
                    FROM documents d JOIN document_bodies b ON b.id = d.id;
                CREATE VIEW document_paths(id, path, part) AS
                    SELECT d.id, f.path || d.name, d.part FROM documents d JOIN folders f ON f.id = d.folder;
                PRAGMA user_version = 14;
                """)
        }
        // Version 15: the score bounds of frequent tokens by block of rows (``StoredScoreBounds``),
        // computed once idle; the blocks written since, which they no longer bound.
        migrator.registerMigration("v15: score bounds") { db in
            try db.execute(sql: """
                CREATE TABLE score_bounds (token TEXT PRIMARY KEY, maxima BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE score_bound_blocks (block INTEGER PRIMARY KEY);
                PRAGMA user_version = 15;
                """)
        }
        return migrator
    }

    /// `furet_hash64(hash)`: a content hash of format 13 or before (16 hex digits) as the
    /// integer format 14 stores; 0, which no content has (Adler-32 is never 0), for a value
    /// that is not one, so that its file is read again once.
    private static let hashFunction = DatabaseFunction("furet_hash64", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).flatMap { UInt64($0, radix: 16) }.map { Int64(bitPattern: $0) } ?? 0
    }

    /// `furet_encoding_code(name)`, `furet_format_code(name)`: a label's ``StoredLabel`` code.
    private static func labelCodeFunction(_ label: StoredLabel) -> DatabaseFunction {
        DatabaseFunction("furet_\(label)_code", argumentCount: 1, pure: true) { values in
            String.fromDatabaseValue(values[0]).flatMap(label.code)
        }
    }

    /// The text of a body stored as formats 1 and 2 did: its length (32-bit little-endian)
    /// and one zlib stream.
    static func singleStreamText(_ stored: UnsafeRawBufferPointer) -> String? {
        guard stored.count >= 4 else { return nil }
        let length = (0..<4).reduce(0) { $0 | Int(stored[$1]) << (8 * $1) }
        guard let decompressor = libdeflate_alloc_decompressor() else { return nil }
        defer { libdeflate_free_decompressor(decompressor) }
        var failed = false
        let text = String(unsafeUninitializedCapacity: length) { output in
            var produced = 0
            let result = libdeflate_zlib_decompress(decompressor, stored.baseAddress! + 4, stored.count - 4,
                                                    output.baseAddress, length, &produced)
            failed = result != LIBDEFLATE_SUCCESS || produced != length
            return failed ? 0 : length
        }
        return failed ? nil : text
    }
}
