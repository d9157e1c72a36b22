/// Errors creating an analyzer.
public enum AnalyzerError: Error, CustomStringConvertible, Sendable {
    /// libstemmer has no French stemmer (the `libstemmer0d` package is broken or missing).
    case stemmerUnavailable

    public var description: String {
        switch self {
        case .stemmerUnavailable: "libstemmer has no French UTF-8 stemmer"
        }
    }
}
