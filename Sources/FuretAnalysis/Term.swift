/// What an index token stands for. Each kind lives in its own token namespace (a prefix
/// byte), so a lemma never collides with a stem or a surface form.
public enum TermKind: String, Sendable, Codable, CaseIterable {
    /// Snowball stem of the folded word, or of the accented word then folded.
    case stem
    /// A dictionary lemma (`voulut` → `vouloir`), folded.
    case lemma
    /// The folded surface form itself (`procédures` → `procedures`).
    case exact
    /// Two consecutive common words, by their stems (`de la` → `de_la`): see ``CommonWordPairs``.
    case pair

    /// The bytes that start a token of this kind.
    public var prefix: String {
        switch self {
        case .stem: ""
        case .lemma: "@"
        case .exact: "="
        case .pair: "&"
        }
    }

    /// The kind of an index token, from its first byte.
    public init(token: some StringProtocol) {
        switch token.utf8.first {
        case UInt8(ascii: "@"): self = .lemma
        case UInt8(ascii: "="): self = .exact
        case UInt8(ascii: "&"): self = .pair
        default: self = .stem
        }
    }
}

/// One token emitted for a document: where it comes from and what it is.
///
/// `bytes` points into the analyzer's buffers and is valid only during the callback.
public struct Term {
    public let kind: TermKind
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Byte offsets of the word in the analyzed text.
    public let start: Int
    public let end: Int
    /// `true` for every form of a word but the first: FTS5 places it at the same position.
    public let isColocated: Bool
}

/// A word and every index token it produces.
public struct AnalyzedWord: Sendable, Hashable {
    /// Offsets of the word in the UTF-8 of the analyzed text.
    public var start: Int
    public var end: Int
    /// The word lowercased, with its accents.
    public var accented: String
    /// The word lowercased, without accents.
    public var folded: String
    /// The tokens a document indexes for the word, with their namespace prefix.
    public var tokens: [String]
    /// The tokens a query searches for the word (a superset of `tokens`).
    public var queryTokens: [String]

    public init(start: Int, end: Int, accented: String, folded: String, tokens: [String], queryTokens: [String]) {
        self.start = start
        self.end = end
        self.accented = accented
        self.folded = folded
        self.tokens = tokens
        self.queryTokens = queryTokens
    }
}

/// Supplies dictionary lemmas for words (see `FuretLemmas`).
public protocol LemmaSource: AnyObject {
    /// Appends the lemmas (lowercase, accents kept) of a lowercase accented word to `lemmas`;
    /// appends nothing for an unknown word. Called once per word occurrence: implementations cache.
    func appendLemmas(of accented: [UInt8], to lemmas: inout [[UInt8]])
}
