/// Errors opening lemma dictionaries.
public enum LemmaError: Error, CustomStringConvertible, Sendable, Equatable {
    case dictionaryMissing(String)

    public var description: String {
        switch self {
        case .dictionaryMissing(let path):
            "Hunspell dictionary \(path) is missing (Debian package hunspell-fr)"
        }
    }
}
