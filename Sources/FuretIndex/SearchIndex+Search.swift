import FuretAnalysis
import FuretLemmas
import GRDB

extension SearchIndex {
    /// The largest page a search returns.
    public static let maximumLimit = 1_000

    /// Searches the index with what a person typed (see ``UserQuery`` for the syntax).
    ///
    /// Synchronous: it blocks the calling thread on one of the pool's readers, which is what
    /// a connection thread of the daemon wants (no hop through the cooperative pool).
    ///
    /// - Parameters:
    ///   - text: the query as typed.
    ///   - limit: hits per page, 1 to ``maximumLimit``.
    ///   - offset: hits to skip.
    /// - Throws: ``QuerySyntaxError`` for a query with nothing to search or a bad filter;
    ///   `SearchIndex.InvalidPage` for a bad limit or offset.
    public func search(_ text: String, limit: Int = 10, offset: Int = 0) throws -> SearchResults {
        guard (1...Self.maximumLimit).contains(limit), offset >= 0 else {
            throw InvalidPage(limit: limit, offset: offset)
        }
        let query = try QueryParser.parse(text)
        let compiler = QueryCompiler(analyzer: try FrenchAnalyzer(lemmas: LemmaDictionary.sharedCache()), accents: accents)
        let match = try compiler.matchExpression(for: query)
        let (filters, filterArguments) = Self.filters(for: query)
        let from = """
            FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
            WHERE documents_fts MATCH ?\(filters)
            """
        let arguments: StatementArguments = [match] + filterArguments
        return try writer.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT count(*) " + from, arguments: arguments) ?? 0
            guard total > offset else { return SearchResults(total: total, hits: []) }
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.path, d.title, -documents_fts.rank,
                       snippet(documents_fts, 1, '\(SnippetMarks.open)', '\(SnippetMarks.close)', '…', 30)
                \(from)
                ORDER BY documents_fts.rank LIMIT ? OFFSET ?
                """, arguments: arguments + [limit, offset])
            let hits = rows.map { row in
                let (snippet, highlights) = SnippetMarks.split(row[3] ?? "")
                return SearchHit(path: row[0], title: row[1], score: row[2], snippet: snippet, highlights: highlights)
            }
            return SearchResults(total: total, hits: hits)
        }
    }

    /// SQL conditions (each starting with ` AND `) for the query's filters, with their arguments.
    private static func filters(for query: UserQuery) -> (String, StatementArguments) {
        var sql = ""
        var arguments: StatementArguments = []
        for fragment in query.pathFragments {
            sql += " AND d.path LIKE ? ESCAPE '\\'"
            arguments += ["%" + likeEscaped(fragment) + "%"]
        }
        if !query.extensions.isEmpty {
            sql += " AND (" + query.extensions.map { _ in "d.path LIKE ? ESCAPE '\\'" }.joined(separator: " OR ") + ")"
            arguments += StatementArguments(query.extensions.map { "%." + likeEscaped($0) })
        }
        if let after = query.modifiedAfter {
            sql += " AND d.mtime >= ?"
            arguments += [after]
        }
        if let before = query.modifiedBefore {
            sql += " AND d.mtime <= ?"
            arguments += [before]
        }
        return (sql, arguments)
    }

    private static func likeEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// A limit outside 1…``maximumLimit`` or a negative offset.
    public struct InvalidPage: Error, CustomStringConvertible, Sendable {
        public var limit: Int
        public var offset: Int
        public var description: String {
            "limit must be between 1 and \(SearchIndex.maximumLimit) and offset at least 0 (got limit \(limit), offset \(offset))"
        }
    }
}
