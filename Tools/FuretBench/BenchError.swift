/// Why a furet-bench command stopped.
enum BenchError: Error, CustomStringConvertible {
    /// The command line is wrong; the message says how.
    case usage(String)
    /// An input file or folder is missing or malformed.
    case badInput(path: String, reason: String)
    /// The raw FTS5 baseline program failed.
    case baselineFailed(status: Int32, output: String)
    /// An index holds another number of documents than the corpus has files.
    case documentCount(database: String, expected: Int, found: Int)

    var description: String {
        switch self {
        case .usage(let message):
            "\(message)\n\n\(BenchCommand.usage)"
        case .badInput(let path, let reason):
            "\(path): \(reason)"
        case .baselineFailed(let status, let output):
            "fts5-baseline failed (exit status \(status)): \(output)"
        case .documentCount(let database, let expected, let found):
            "\(database) holds \(found) documents, expected \(expected) (the corpus's .txt files)"
        }
    }
}
