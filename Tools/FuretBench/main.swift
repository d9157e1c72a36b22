import Foundation

/// furet-bench: search-quality evaluation and benchmarks of the Furet engine, run by
/// `Tools/eval` and `Tools/bench`. Reports go to standard output as Markdown (and to
/// `--json` files); progress goes to standard error.
enum BenchCommand {
    static let usage = """
        usage: furet-bench eval --corpora DIR --queries FILE [--index-dir DIR] [--corpus NAMES]
                                [--kinds KINDS] [--failures N] [--rebuild] [--json FILE]
               furet-bench tokenizer --corpus DIR --baseline PROGRAM [--runs N] [--json FILE]

        eval       known-item search quality (recall@10, MRR@10) on whole corpora
        tokenizer  indexing throughput of Furet against raw SQLite FTS5 (unicode61)
        """

    static func run(_ arguments: [String]) async throws {
        switch arguments.first {
        case "eval": try await EvalCommand(arguments.dropFirst()).run()
        case "tokenizer": try await TokenizerCommand(arguments.dropFirst()).run()
        case "help", "--help", "-h": print(usage)
        case let other?: throw BenchError.usage("unknown command \(other)")
        case nil: throw BenchError.usage("a command is required")
        }
    }
}

do {
    try await BenchCommand.run(Array(CommandLine.arguments.dropFirst()))
} catch {
    Console.report("furet-bench: \(error)")
    exit(1)
}
