import FuretProtocol
import Glibc

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
    /// A system call failed; `call` names it and what it acted on.
    case systemCall(String, errno: Int32)
    /// The daemon closed the connection, or sent something that is not a response line.
    case connection(socketPath: String, reason: String)
    /// The daemon answered a request with an error.
    case daemon(method: String, ResponseError)
    /// The daemon process is gone (it failed to start, or crashed); its log, when known,
    /// may say why.
    case daemonExited(pid: Int32, log: String?)
    /// A program furet-bench runs (furet, hyperfine) failed.
    case programFailed(String, status: Int32)
    /// Something expected did not happen within the time allowed.
    case timedOut(String)
    /// A measurement has no value to report; the message says why.
    case nothingMeasured(String)
    /// Bounded scoring gave a query another page than full scoring.
    case boundedScoringDiffers(query: String)

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
        case .systemCall(let call, let errno):
            "\(call): \(String(cString: strerror(errno)))"
        case .connection(let socketPath, let reason):
            "\(socketPath): \(reason)"
        case .daemon(let method, let error):
            "the daemon answered \(method) with: \(error)"
        case .daemonExited(let pid, let log):
            "furetd (pid \(pid)) has exited" + (log.map { "; see \($0)" } ?? "")
        case .programFailed(let command, let status):
            "\(command) failed (exit status \(status))"
        case .timedOut(let what):
            "timed out: \(what)"
        case .nothingMeasured(let reason):
            "nothing measured: \(reason)"
        case .boundedScoringDiffers(let query):
            "bounded scoring changed the page of the query \(query) (full scoring's differs)"
        }
    }
}
