import GRDB

/// A document's path as the index stores it (since format 12): its folder, everything
/// through the last `/`, once in `folders`, and its name in each of its `documents` rows.
///
/// A million paragraph-sized files under 1,341 folders kept their folder in every row and
/// again in the `(path, part)` index, 61 of a path's 70 characters, twice a row. Renaming a folder is now
/// renaming its `folders` rows (its own and its subfolders'), whatever its files.
struct StoredPath {
    /// Through the last `/` (`/notes/2026/`); empty for a path without one.
    let folder: String
    let name: String

    init(_ path: String) {
        if let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) {
            let end = path.utf8.index(after: slash)
            folder = String(path[..<end])
            name = String(path[end...])
        } else {
            folder = ""
            name = path
        }
    }

    /// `documents` rows of one file (arguments: ``arguments``).
    static let file = "folder = (SELECT id FROM folders WHERE path = ?) AND name = ?"

    var arguments: StatementArguments { [folder, name] }

    /// The path of the `documents` row `d`.
    static let expression = "(SELECT path FROM folders WHERE id = d.folder) || d.name"

    /// `folders` rows of the folder at `path` and of every folder under it
    /// (arguments: ``treeArguments(_:)``); none when `path` is a file's.
    static let tree = "path >= ? AND path < ?"

    /// `/` is followed by `0` in every encoding of the paths (ASCII). The root folder `/` ends
    /// with its slash already (a root may be `/`): its tree is every path.
    static func treeArguments(_ path: String) -> StatementArguments {
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        return [folder + "/", folder + "0"]
    }

    /// Rows of a table of whole paths (`roots`, `skipped_files`) at `path` or under the folder
    /// at `path` (arguments: ``atOrUnderArguments(_:)``).
    static let atOrUnder = "(path = ? OR (path > ? AND path < ?))"

    static func atOrUnderArguments(_ path: String) -> StatementArguments { [path] + treeArguments(path) }

    /// The ids of the documents of the file at `path`, or of every file under the folder at
    /// `path` (the unit a root, a removal or a move names).
    static func documents(under path: String, _ db: Database) throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: """
            SELECT id FROM documents WHERE \(file)
            UNION ALL
            SELECT d.id FROM folders f JOIN documents d ON d.folder = f.id WHERE f.\(tree)
            """), arguments: StoredPath(path).arguments + treeArguments(path))
    }

    /// The id of `folder`'s row, added when missing.
    static func folderID(_ folder: String, _ db: Database) throws -> Int64 {
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM folders WHERE path = ?"), arguments: [folder]) {
            return id
        }
        try db.cachedStatement(sql: "INSERT INTO folders(path) VALUES (?)").execute(arguments: [folder])
        return db.lastInsertedRowID
    }

    /// Forgets the folders left without documents once those at `path` (a file's, or a
    /// folder's and all under it) are gone: the folder at `path` and those under it, and the
    /// file's folder if it holds no other file.
    static func forgetEmptyFolders(at path: String, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM folders WHERE \(tree)").execute(arguments: treeArguments(path))
        try db.cachedStatement(sql: """
            DELETE FROM folders WHERE path = ? AND NOT EXISTS (SELECT 1 FROM documents WHERE folder = folders.id)
            """).execute(arguments: [StoredPath(path).folder])
    }
}
