/// Parses what a person types into a ``UserQuery``. Never fails on stray syntax: what is
/// not an operator is text. Only a query with nothing to search, or a malformed date, is an
/// error, and the error names its position.
struct QueryParser {
    private let characters: [Character]
    private var index = 0
    private var query = UserQuery()

    static func parse(_ text: String) throws(QuerySyntaxError) -> UserQuery {
        var parser = QueryParser(characters: Array(text))
        return try parser.parse()
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    private mutating func parse() throws(QuerySyntaxError) -> UserQuery {
        var joinNextWithOr = false
        while skipSpaces() {
            let start = index
            if characters[index] == "O", peekWord() == "OR" {
                index += 2
                joinNextWithOr = !query.clauses.isEmpty && query.clauses.last?.isExcluded == false
                continue
            }
            guard let clause = try parseClause() else { continue }
            if joinNextWithOr, !clause.isExcluded, !clause.inTitleOnly || query.clauses.last?.inTitleOnly == true,
               var last = query.clauses.popLast() {
                last.alternatives += clause.alternatives
                query.clauses.append(last)
            } else {
                query.clauses.append(clause)
            }
            joinNextWithOr = false
            _ = start
        }
        guard query.clauses.contains(where: { !$0.isExcluded }) else {
            throw QuerySyntaxError(position: 0, message: "the query has no word to search for")
        }
        query.collapseDuplicates()
        return query
    }

    /// One clause, or `nil` for a filter or for something with no text.
    private mutating func parseClause() throws(QuerySyntaxError) -> UserQuery.Clause? {
        var excluded = false
        if characters[index] == "-", index + 1 < characters.count, !characters[index + 1].isWhitespace {
            excluded = true
            index += 1
        }
        if let field = fieldName() {
            let valueStart = index
            switch field {
            case "title":
                guard let term = parseTerm() else { return nil }
                return UserQuery.Clause(alternatives: [term], isExcluded: excluded, inTitleOnly: true)
            case "path":
                let value = readValue()
                if !value.isEmpty { query.pathFragments.append(value) }
                return nil
            case "ext":
                let value = readValue().lowercased().drop { $0 == "." }
                if !value.isEmpty { query.extensions.append(String(value)) }
                return nil
            default:
                let value = readValue()
                guard let day = Self.parseDate(value) else {
                    throw QuerySyntaxError(position: valueStart, message: "\(field): expects a date as YYYY-MM-DD")
                }
                if field == "after" { query.modifiedAfter = day } else { query.modifiedBefore = day + 86_400 - 0.001 }
                return nil
            }
        }
        guard let term = parseTerm() else { return nil }
        return UserQuery.Clause(alternatives: [term], isExcluded: excluded)
    }

    /// A quoted phrase (an unclosed quote runs to the end) or a bare word, or `nil` when it
    /// holds no text.
    private mutating func parseTerm() -> UserQuery.Term? {
        if index < characters.count, characters[index] == "\"" {
            index += 1
            let start = index
            while index < characters.count, characters[index] != "\"" { index += 1 }
            let text = String(characters[start..<index])
            if index < characters.count { index += 1 }
            return text.isEmpty ? nil : .words([text])
        }
        var word = readValue()
        guard !word.isEmpty else { return nil }
        if word.hasSuffix("*") {
            word = String(word.reversed().drop { $0 == "*" }.reversed())
            return word.isEmpty ? nil : .prefix(word)
        }
        return .words([word])
    }

    /// The field of `name:value` when `name` is a known field and a value follows.
    private mutating func fieldName() -> String? {
        for field in ["title", "path", "ext", "after", "before"] {
            let end = index + field.count
            guard end + 1 < characters.count, characters[end] == ":", !characters[end + 1].isWhitespace,
                  String(characters[index..<end]) == field else { continue }
            index = end + 1
            return field
        }
        return nil
    }

    /// Characters up to the next space (or quote, which starts a new term).
    private mutating func readValue() -> String {
        let start = index
        while index < characters.count, !characters[index].isWhitespace, characters[index] != "\"" || index == start {
            if characters[index] == "\"" { break }
            index += 1
        }
        return String(characters[start..<index])
    }

    private func peekWord() -> String {
        var end = index
        while end < characters.count, !characters[end].isWhitespace { end += 1 }
        return String(characters[index..<end])
    }

    /// Skips spaces; `false` at the end of the text.
    private mutating func skipSpaces() -> Bool {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
        return index < characters.count
    }

    /// Midnight UTC of a `YYYY-MM-DD` day, as seconds since 1970.
    static func parseDate(_ text: String) -> Double? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        // Days from civil (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return Double(era * 146_097 + dayOfEra - 719_468) * 86_400
    }
}
