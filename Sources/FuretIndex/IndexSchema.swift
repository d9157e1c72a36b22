import GRDB

/// The on-disk format of the index, as GRDB migrations (documented in `Index/README.md`).
///
/// Never edit a migration that has shipped: add a new one, and bump ``formatVersion``.
enum IndexSchema {
    /// Stored in `PRAGMA user_version`; an index written by a newer Furet is refused.
    static let formatVersion = 1

    /// Title matches weigh more than body matches in BM25.
    static let titleWeight = 5.0

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
                    body TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    mtime REAL NOT NULL,
                    hash TEXT NOT NULL,
                    encoding TEXT NOT NULL,
                    format TEXT NOT NULL,
                    indexed_at REAL NOT NULL
                );

                CREATE VIRTUAL TABLE documents_fts USING fts5(
                    title, body,
                    content = 'documents', content_rowid = 'id',
                    tokenize = 'french', detail = full
                );
                INSERT INTO documents_fts(documents_fts, rank) VALUES('rank', 'bm25(\(titleWeight), 1.0)');
                INSERT INTO documents_fts(documents_fts, rank) VALUES('automerge', 8);

                CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
                    INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
                END;
                CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
                    INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                END;
                CREATE TRIGGER documents_au AFTER UPDATE OF title, body ON documents BEGIN
                    INSERT INTO documents_fts(documents_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
                    INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
                END;

                CREATE TABLE accented_words (
                    folded TEXT NOT NULL,
                    accented TEXT NOT NULL,
                    PRIMARY KEY (folded, accented)
                ) WITHOUT ROWID;

                PRAGMA user_version = 1;
                """)
        }
        return migrator
    }
}
