/// The index tokens that standing queries wait for: a document holding none of a query's
/// tokens cannot match it, so a write whose documents hold none of them is not searched
/// with that query at all.
///
/// Each query's tokens are those of the first word of each phrase it requires or allows
/// (all the forms of that word, any of which a matching document holds at the phrase's
/// position); phrases of excluded terms are left out, since they never make a document
/// match. A query matching a document therefore holds at least one of its tokens there, and
/// the writer's tokenizer, which sees every token of every document written, notes the ones
/// it meets (``TermWatch``). A token may stand for a prefix (`fer*`): a document token
/// starting with it counts.
///
/// ```swift
/// let triggers = TermTriggers([standing])
/// var seen = Set<Int>()
/// triggers.note(token, into: &seen)        // for each token written
/// triggers.queries(triggeredBy: seen)      // the queries worth evaluating
/// ```
final class TermTriggers: Sendable {
    /// The token sets of one query.
    struct Tokens: Sendable, Equatable {
        var exact: Set<[UInt8]> = []
        var prefixes: Set<[UInt8]> = []
    }

    let queries: [StandingQuery]
    /// Every distinct token, exact ones then prefixes; an index here is a trigger.
    private let tokens: [[UInt8]]
    /// The exact tokens' triggers by hash (``FNV1a``).
    private let exact: [UInt64: [Int]]
    /// The prefixes' triggers by hash of the prefix.
    private let prefixes: [UInt64: [Int]]
    /// The distinct lengths of the prefixes, shortest first.
    private let prefixLengths: [Int]
    /// The triggers of each query of ``queries``, `nil` for a query evaluated after every write.
    private let triggersOfQuery: [[Int]?]

    init(_ queries: [StandingQuery]) {
        var tokens: [[UInt8]] = []
        var exactIndex: [[UInt8]: Int] = [:]
        var prefixIndex: [[UInt8]: Int] = [:]
        var exact: [UInt64: [Int]] = [:]
        var prefixes: [UInt64: [Int]] = [:]
        func trigger(_ token: [UInt8], isPrefix: Bool) -> Int {
            if let index = isPrefix ? prefixIndex[token] : exactIndex[token] { return index }
            let index = tokens.count
            tokens.append(token)
            if isPrefix {
                prefixIndex[token] = index
                prefixes[FNV1a.hash(token), default: []].append(index)
            } else {
                exactIndex[token] = index
                exact[FNV1a.hash(token), default: []].append(index)
            }
            return index
        }
        triggersOfQuery = queries.map { query in
            query.triggers.map { $0.exact.map { trigger($0, isPrefix: false) } + $0.prefixes.map { trigger($0, isPrefix: true) } }
        }
        self.queries = queries
        self.tokens = tokens
        self.exact = exact
        self.prefixes = prefixes
        prefixLengths = Set(queries.compactMap(\.triggers).flatMap(\.prefixes).map(\.count)).sorted()
    }

    /// Whether no query has a token to wait for (none is open).
    var isEmpty: Bool { queries.isEmpty }

    /// Adds to `seen` the triggers `token` (a token a document holds) sets off.
    @inline(__always)
    func note(_ token: UnsafeBufferPointer<UInt8>, into seen: inout Set<Int>) {
        if let candidates = exact[FNV1a.hash(token)] {
            for index in candidates where tokens[index].elementsEqual(token) { seen.insert(index) }
        }
        for length in prefixLengths {
            guard length <= token.count else { break }
            let start = token.prefix(length)
            guard let candidates = prefixes[FNV1a.hash(start)] else { continue }
            for index in candidates where tokens[index].elementsEqual(start) { seen.insert(index) }
        }
    }

    /// The queries with a trigger in `seen`, and those that wait for no token; all of them
    /// when `seen` is `nil` (the write's tokens were not watched).
    func queries(triggeredBy seen: Set<Int>?) -> [StandingQuery] {
        guard let seen else { return queries }
        return zip(queries, triggersOfQuery).compactMap { query, triggers in
            guard let triggers else { return query }
            return triggers.contains(where: seen.contains) ? query : nil
        }
    }


    /// The tokens a document matching `compiled` holds one of, or `nil` when they cannot be
    /// told (a phrase that does not read as expected): the query is then evaluated after
    /// every write.
    static func tokens(of compiled: CompiledQuery) -> Tokens? {
        var tokens = Tokens()
        for phrase in compiled.phrases where phrase.term != nil {
            guard let words = words(ofPhrase: phrase.expression), let first = words.words.first, !first.isEmpty else { return nil }
            if words.isPrefix, words.words.count == 1 {
                tokens.prefixes.formUnion(first)
            } else {
                tokens.exact.formUnion(first)
            }
        }
        return tokens.exact.isEmpty && tokens.prefixes.isEmpty ? nil : tokens
    }

    /// The words of a phrase's FTS5 expression (`[title : ]"…"[ *]`, its text encoded as
    /// ``PreparedQueryText``), each as its forms, and whether its last word is a prefix.
    private static func words(ofPhrase expression: String) -> (words: [[[UInt8]]], isPrefix: Bool)? {
        let bytes = Array(expression.utf8)
        let quote = UInt8(ascii: "\"")
        guard let open = bytes.firstIndex(of: quote), let close = bytes.lastIndex(of: quote), open < close else { return nil }
        let tail = bytes[(close + 1)...]
        guard tail.isEmpty || tail.elementsEqual(" *".utf8) else { return nil }
        var text: [UInt8] = []
        var index = open + 1
        while index < close {
            text.append(bytes[index])
            // Quotes are doubled inside an FTS5 string.
            index += bytes[index] == quote ? 2 : 1
        }
        guard text.first == PreparedQueryText.wordSeparator else { return nil }
        let words = text.split(separator: PreparedQueryText.wordSeparator).map { word in
            word.split(separator: PreparedQueryText.formSeparator).map(Array.init)
        }
        return (words, !tail.isEmpty)
    }
}
