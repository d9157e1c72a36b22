import Foundation

/// furet-bench: search-quality evaluation and benchmarks of the Furet engine and daemon, run
/// by `Tools/eval` and `Tools/bench`. Reports go to standard output as Markdown (and to
/// `--json` files); progress goes to standard error. Lists of values are comma-separated.
enum BenchCommand {
    static let usage = """
        usage: furet-bench eval --corpora DIR --queries FILE [--index-dir DIR] [--corpus NAMES]
                                [--kinds KINDS] [--failures N] [--rebuild] [--json FILE]
                                [--scoring bounded|full] [--shards HOST:PORT,…]
               furet-bench tokenizer --corpus DIR --baseline PROGRAM [--runs N] [--json FILE]
               furet-bench daemon-index --furetd PROGRAM --socket PATH --index PATH --log FILE
                                        --pid-file FILE --roots DIRS [--json FILE]
               furet-bench latency --socket PATH --queries FILES [--clients COUNTS] [--warmup N]
                                   [--runs N] [--limit N] [--pid-file FILE] [--json FILE]
               furet-bench search --index PATH --queries FILES [--warmup N] [--runs N] [--limit N]
                                  [--json FILE]
               furet-bench cli --furet PROGRAM --socket PATH --query QUERY [--runs N] [--warmup N]
                               [--hyperfine PROGRAM] [--json FILE]
               furet-bench freshness --socket PATH --dir DIR --queries FILES [--samples N]
                                     [--burst N] [--poll-ms N] [--json FILE]
               furet-bench subscriptions --socket PATH --dir DIR --queries FILES [--samples N]
                                         [--subscriptions N] [--burst N] [--json FILE]
               furet-bench reconcile --furetd PROGRAM --socket PATH --index PATH --log FILE
                                     --pid-file FILE [--json FILE]
               furet-bench growth --furetd PROGRAM --source DIR --dir DIR --queries FILES
                                  [--sizes COUNTS] [--runs N] [--budget-seconds N] [--json FILE]
               furet-bench formats --furetd PROGRAM --socket PATH --index PATH --log FILE --folder DIR
                                   [--pdftotext PROGRAM] [--recollindex PROGRAM] [--office DIR] [--runs N]
                                   [--json FILE]
               furet-bench cluster --furetd PROGRAM --dir DIR [--corpora DIRS --queries FILES]
                                   [--growth-source DIR --growth-queries FILE [--growth-sizes COUNTS]
                                   [--growth-dir DIR]] [--shards COUNTS] [--without-fts5] [--runs N]
                                   [--budget-seconds N] [--json FILE]
               furet-bench stop --socket PATH --pid-file FILE
               furet-bench summary --json FILE

        eval          known-item search quality (recall@10, MRR@10) on whole corpora
        tokenizer     indexing throughput of Furet against raw SQLite FTS5 (unicode61)
        daemon-index  a full build by furetd from an empty index; leaves the daemon running
        latency       search latency and throughput of a running daemon, at several client counts
        search        in-process search latency on an existing index (no socket)
        cli           whole-process time of `furet search`
        freshness     time from saving a file in a watched folder to finding it; a burst of files
        subscriptions notification latency with many subscriptions open, and their cost to indexing
        reconcile     restart of the running daemon over unchanged files: its catch-up time
        growth        indexing and search costs on derived corpora of growing size
        formats       a folder of real PDFs: furetd against pdftotext and recollindex; office files and mail
        cluster       FTS5 on one node against furetd routing to 1 and N Xapian shards: indexing, latency
        stop          shuts down the daemon a command above started
        summary       every headline figure of a report beside its target
        """

    static func run(_ arguments: [String]) async throws {
        let options = arguments.dropFirst()
        switch arguments.first {
        case "eval": try await EvalCommand(options).run()
        case "tokenizer": try await TokenizerCommand(options).run()
        case "daemon-index": try DaemonIndexCommand(options).run()
        case "latency": try LatencyCommand(options).run()
        case "search": try SearchCommand(options).run()
        case "cli": try CLICommand(options).run()
        case "freshness": try FreshnessCommand(options).run()
        case "subscriptions": try SubscriptionsCommand(options).run()
        case "reconcile": try ReconcileCommand(options).run()
        case "growth": try GrowthCommand(options).run()
        case "formats": try FormatsCommand(options).run()
        case "cluster": try ClusterCommand(options).run()
        case "stop": try StopCommand(options).run()
        case "summary": try SummaryCommand(options).run()
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
