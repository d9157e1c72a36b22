import FuretDocuments
/// Parses what a person types into a ``UserQuery``. Never fails on stray syntax: what is
/// not an operator is text, unbalanced parentheses included. Only a query (or a group) with
/// nothing to search, a malformed date or a malformed proximity (`NEAR/x`, a prefix or a group
/// beside `NEAR`) is an error, and the error names its position.
package struct QueryParser {
    private let characters: [Character]
    /// The closing parenthesis of each opening one that groups (see ``groupingParentheses(_:)``).
    private let closers: [Int: Int]
    /// Positions of the parentheses in ``closers``: a bare value stops at them.
    private let parentheses: Set<Int>
    private var index = 0
    private var query = UserQuery()

    package static func parse(_ text: String) throws(QuerySyntaxError) -> UserQuery {
        var parser = QueryParser(characters: Array(text))
        return try parser.parse()
    }

    private init(characters: [Character]) {
        self.characters = characters
        closers = Self.groupingParentheses(characters)
        parentheses = Set(closers.keys).union(closers.values)
    }

    private mutating func parse() throws(QuerySyntaxError) -> UserQuery {
        query.clauses = try parseClauses(upTo: characters.count)
        guard query.clauses.contains(where: { !$0.isExcluded }) else {
            throw QuerySyntaxError(position: 0, message: "the query has no word to search for")
        }
        query.collapseDuplicates()
        return query
    }

    /// The clauses from here to `end` (the end of the text, or a group's closing parenthesis).
    private mutating func parseClauses(upTo end: Int) throws(QuerySyntaxError) -> [UserQuery.Clause] {
        var clauses: [UserQuery.Clause] = []
        var joinNextWithOr = false
        while skipSpaces(), index < end {
            if characters[index] == "O", peekWord() == "OR" {
                index += 2
                joinNextWithOr = !clauses.isEmpty && clauses.last?.isExcluded == false
                continue
            }
            let start = index
            guard let clause = try parseClause() else {
                // Whatever read nothing is skipped: the loop never stays in place.
                if index == start { index += 1 }
                continue
            }
            if joinNextWithOr, !clause.isExcluded, !clause.inTitleOnly || clauses.last?.inTitleOnly == true,
               var last = clauses.popLast() {
                last.alternatives += clause.alternatives
                clauses.append(last)
            } else {
                clauses.append(clause)
            }
            joinNextWithOr = false
        }
        return clauses
    }

    /// One clause, or `nil` for a filter or for something with no text.
    private mutating func parseClause() throws(QuerySyntaxError) -> UserQuery.Clause? {
        let start = index
        var excluded = false
        if characters[index] == "-", index + 1 < characters.count, !characters[index + 1].isWhitespace {
            excluded = true
            index += 1
        }
        if let closer = closers[index] {
            let clause = try parseGroup(closing: closer, excluded: excluded, start: start)
            if clause != nil, try nearDistance() != nil { throw Self.nearSideError(at: start) }
            return clause
        }
        if let field = fieldName() {
            let valueStart = index
            switch field {
            case "title":
                guard let term = try parseProximity() else { return nil }
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
        guard let term = try parseProximity() else { return nil }
        return UserQuery.Clause(alternatives: [term], isExcluded: excluded)
    }

    /// A parenthesised group, its opening parenthesis at `index`: the one clause it holds
    /// (`(a OR b)`), or its clauses as one term; `nil` when it holds nothing.
    private mutating func parseGroup(
        closing closer: Int, excluded: Bool, start: Int
    ) throws(QuerySyntaxError) -> UserQuery.Clause? {
        index += 1
        let inner = try parseClauses(upTo: closer)
        index = closer + 1
        if inner.count == 1, !inner[0].isExcluded {
            var clause = inner[0]
            clause.isExcluded = excluded
            return clause
        }
        guard !inner.isEmpty else { return nil }
        guard inner.contains(where: { !$0.isExcluded }) else {
            throw QuerySyntaxError(position: start, message: "a group needs a word to search for, not only excluded ones")
        }
        return UserQuery.Clause(alternatives: [.group(inner)], isExcluded: excluded)
    }

    /// A term, joined by `NEAR` to the words or phrases that follow, if any. A chain
    /// (`a NEAR/3 b NEAR/5 c`) is one proximity, with its largest distance.
    private mutating func parseProximity() throws(QuerySyntaxError) -> UserQuery.Term? {
        let start = index
        if let (_, _, isBare) = try nearDistance() {
            guard isBare else { throw QuerySyntaxError(position: start, message: "NEAR needs a word or phrase on each side") }
            index = start
        }
        guard let first = parseTerm() else { return nil }
        guard case .words(let parts) = first else {
            if try nearDistance() != nil { throw Self.nearSideError(at: start) }
            return first
        }
        var sides = [parts.joined(separator: " ")]
        var distance = 0
        while let (operatorStart, operatorDistance, isBare) = try nearDistance() {
            _ = skipSpaces()
            let side = index
            switch closers[index] == nil ? parseTerm() : nil {
            case .words(let parts)?:
                sides.append(parts.joined(separator: " "))
                distance = max(distance, operatorDistance)
            case nil where isBare:
                // A bare `NEAR` with nothing to join is the word.
                index = operatorStart
                return sides.count == 1 ? first : .near(sides: sides, distance: distance)
            default:
                throw side == characters.count || closers[side] == nil && parentheses.contains(side)
                    ? QuerySyntaxError(position: operatorStart, message: "NEAR needs a word or phrase on each side")
                    : Self.nearSideError(at: side)
            }
        }
        return sides.count == 1 ? first : .near(sides: sides, distance: distance)
    }

    private static func nearSideError(at position: Int) -> QuerySyntaxError {
        QuerySyntaxError(position: position, message: "NEAR joins words or phrases, not prefixes, groups or proximities")
    }

    /// When a `NEAR` operator follows (after spaces), moves past it and returns where it
    /// started, its distance, and whether it was bare; otherwise leaves `index` alone.
    private mutating func nearDistance() throws(QuerySyntaxError) -> (start: Int, distance: Int, isBare: Bool)? {
        let saved = index
        guard skipSpaces(), characters[index] == "N" else {
            index = saved
            return nil
        }
        let start = index
        let word = peekWord()
        if word == "NEAR" {
            index += 4
            return (start, UserQuery.defaultDistance, true)
        }
        guard word.hasPrefix("NEAR/") else {
            index = saved
            return nil
        }
        index += word.count
        guard let distance = Self.distance(word.dropFirst(5)) else {
            throw QuerySyntaxError(
                position: start, message: "NEAR/ expects a number of words from 0 to \(UserQuery.maximumDistance), as in NEAR/5")
        }
        return (start, distance, false)
    }

    /// A distance written in digits, at most ``UserQuery/maximumDistance``.
    private static func distance(_ digits: Substring) -> Int? {
        guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits),
              value <= UserQuery.maximumDistance else { return nil }
        return value
    }

    /// A quoted phrase (an unclosed quote runs to the end; `"a b"~5` asks for proximity) or a
    /// bare word, or `nil` when it holds no text.
    private mutating func parseTerm() -> UserQuery.Term? {
        if index < characters.count, characters[index] == "\"" {
            index += 1
            let start = index
            while index < characters.count, characters[index] != "\"" { index += 1 }
            let text = String(characters[start..<index])
            if index < characters.count { index += 1 }
            guard !text.isEmpty else { return nil }
            if let distance = slop() {
                let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
                if words.count > 1 { return .near(sides: words, distance: distance) }
            }
            return .words([text])
        }
        var word = readValue()
        guard !word.isEmpty else { return nil }
        if word.hasSuffix("*") {
            word = String(word.reversed().drop { $0 == "*" }.reversed())
            return word.isEmpty ? nil : .prefix(word)
        }
        return .words([word])
    }

    /// The `~n` right after a closing quote, moving past it; anything else after `~` is text.
    private mutating func slop() -> Int? {
        guard index < characters.count, characters[index] == "~" else { return nil }
        var end = index + 1
        while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
        guard end == characters.count || characters[end].isWhitespace || parentheses.contains(end),
              let distance = Self.distance(Substring(String(characters[(index + 1)..<end]))) else { return nil }
        index = end
        return distance
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

    /// Characters up to the next space, quote (which starts a new term) or grouping
    /// parenthesis.
    private mutating func readValue() -> String {
        let start = index
        while index < characters.count, !characters[index].isWhitespace, characters[index] != "\"", !parentheses.contains(index) {
            index += 1
        }
        return String(characters[start..<index])
    }

    private func peekWord() -> String {
        var end = index
        while end < characters.count, !characters[end].isWhitespace, !parentheses.contains(end) { end += 1 }
        return String(characters[index..<end])
    }

    /// The parentheses that group, as opening position → closing position: an opening one
    /// where a term starts (after a space, `-` or another opening one), outside quotes, and
    /// the closing one that balances it. The others are text (`f(x)`, `:)`, `(((`).
    static func groupingParentheses(_ characters: [Character]) -> [Int: Int] {
        var inQuotes = false
        var open: [Int] = []
        var openings = Set<Int>()
        var pairs: [Int: Int] = [:]
        for (position, character) in characters.enumerated() {
            switch character {
            case "\"":
                inQuotes.toggle()
            case "(" where !inQuotes && startsTerm(characters, at: position, after: openings):
                open.append(position)
                openings.insert(position)
            case ")" where !inQuotes:
                if let opening = open.popLast() { pairs[opening] = position }
            default:
                break
            }
        }
        return pairs
    }

    /// Whether a term starts at `position`: at the start, after a space or one of the
    /// `openings`, or after a `-` that starts one.
    private static func startsTerm(_ characters: [Character], at position: Int, after openings: Set<Int>) -> Bool {
        guard position > 0 else { return true }
        if characters[position - 1].isWhitespace || openings.contains(position - 1) { return true }
        return characters[position - 1] == "-" && startsTerm(characters, at: position - 1, after: openings)
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
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        return ISODate.seconds(year: year, month: month, day: day)
    }
}
