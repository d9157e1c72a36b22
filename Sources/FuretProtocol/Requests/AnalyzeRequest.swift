/// Shows how the analyzer turns text into index tokens, for debugging queries.
///
/// `{"text": "l'été", "mode": "query"}` → ``AnalyzeResult``.
public struct AnalyzeRequest: RequestMethod, Hashable {
    public typealias Response = AnalyzeResult
    public static let method = "analyze"

    public var text: String
    public var mode: AnalyzeMode

    public init(text: String, mode: AnalyzeMode) {
        self.text = text
        self.mode = mode
    }
}

/// Whether text is analyzed as a document or as a query.
public enum AnalyzeMode: String, Codable, Hashable, Sendable {
    case document
    case query
}

public struct AnalyzeResult: Codable, Hashable, Sendable {
    /// The tokens in text order; the forms of one word share its offsets.
    public var tokens: [AnalyzedToken]

    public init(tokens: [AnalyzedToken]) {
        self.tokens = tokens
    }
}

/// A token and the word it comes from.
public struct AnalyzedToken: Codable, Hashable, Sendable {
    /// The token as indexed.
    public var token: String
    /// The token's layer: `"stem"`, `"lemma"` or `"exact"`.
    public var kind: String
    /// The word's first Unicode scalar in the analyzed text.
    public var start: Int
    /// The Unicode scalar after the word (excluded).
    public var end: Int

    public init(token: String, kind: String, start: Int, end: Int) {
        self.token = token
        self.kind = kind
        self.start = start
        self.end = end
    }
}
