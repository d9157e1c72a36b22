/// A query refused before any search for what it would cost: the message names the limit.
public enum QueryCostError: Error, CustomStringConvertible, Sendable, Equatable {
    case tooLong(bytes: Int, maximum: Int)
    case tooManyWords(Int, maximum: Int)
    case tooManyPrefixes(Int, maximum: Int)
    case prefixTooShort(minimum: Int)
    case tooManyPhrases(Int, maximum: Int)

    public var description: String {
        switch self {
        case .tooLong(let bytes, let maximum):
            "query too expensive: \(bytes) bytes of text, at most \(maximum)"
        case .tooManyWords(let count, let maximum):
            "query too expensive: \(count) distinct words, at most \(maximum)"
        case .tooManyPrefixes(let count, let maximum):
            "query too expensive: \(count) prefixes (word*), at most \(maximum)"
        case .prefixTooShort(let minimum):
            "query too expensive: a prefix (word*) needs at least \(minimum) letters"
        case .tooManyPhrases(let count, let maximum):
            "query too expensive: its words expand to \(count) forms, at most \(maximum)"
        }
    }
}
