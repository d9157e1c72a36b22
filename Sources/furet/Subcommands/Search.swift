import ArgumentParser
import FoundationEssentials
import FuretProtocol

extension SearchSort: ExpressibleByArgument {}

struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index.",
        discussion: "Exits with 0 when there are hits, 1 when there are none, 2 on error."
    )

    /// Query words may start with `-` (an exclusion): they are taken as words, not options.
    @Argument(parsing: .allUnrecognized, help: "The query; several arguments are joined with spaces.")
    var query: [String]

    @Option(help: "The maximum number of hits to show.")
    var limit: Int?

    @Option(help: "The number of hits to skip, for paging.")
    var offset: Int?

    @Option(help: "The order of the hits: relevance, date (oldest first) or -date (newest first).")
    var sort: SearchSort?

    /// `-l` is not declared as a short flag: ArgumentParser would then read a query word such
    /// as `-lundi` as a cluster of short flags. It is taken out of the query words instead (an
    /// exclusion of the lone letter `l` would find nothing anyway).
    @Flag(name: .customLong("files-with-matches"),
          help: "Print only the paths of the matching documents, one per line, like grep -l (also -l; up to --limit, 1000 by default).")
    var filesWithMatches = false

    @Flag(help: "Print only the number of matching documents.")
    var count = false

    @Flag(help: "Print the daemon's result as one line of JSON.")
    var json = false

    @OptionGroup
    var connection: ConnectionOptions

    /// The daemon's largest page: what `-l` asks for unless told otherwise.
    private static let pathsLimit = 1_000

    private static let pathsOnlyWord = "-l"

    private var pathsOnly: Bool { filesWithMatches || query.contains(Self.pathsOnlyWord) }

    func validate() throws {
        if [pathsOnly, count, json].filter({ $0 }).count > 1 {
            throw ValidationError("-l, --count and --json each choose the output: give one of them")
        }
    }

    func run() throws {
        // A count needs no hit: one is the smallest page. Lines only for hits a person reads:
        // each costs reading its body up to the match.
        let pageLimit = count ? 1 : pathsOnly ? limit ?? Self.pathsLimit : limit
        // A count is what was asked for: exact, however many (a page's total stops at 10,000).
        let request = SearchRequest(query: query.filter { $0 != Self.pathsOnlyWord }.joined(separator: " "), limit: pageLimit,
                                    offset: offset, sort: sort, lines: count || pathsOnly ? nil : true, exactTotal: count ? true : nil)
        let result = try connection.call(request)
        let environment = ProcessInfo.processInfo.environment
        if !count {
            do {
                try LastSearch(hits: result.hits).save(environment: environment)
            } catch {
                // The search itself went well: say why furet open will not find it, and go on.
                printError("furet: cannot keep the hits for furet open: \(error)")
            }
        }
        if count {
            print(result.total)
        } else if pathsOnly {
            for hit in result.hits { print(hit.path) }
        } else if json {
            print(String(decoding: try WireJSON.encode(result), as: UTF8.self))
        } else {
            print(render(result, style: TerminalStyle(environment: environment)))
        }
        if result.total == 0 || result.hits.isEmpty && !count {
            throw ExitCode(1)
        }
    }

    /// The suggestion if any, the shards missing from a cluster's results, one block per hit (path, title, snippet) and a count, separated
    /// by blank lines.
    private func render(_ result: SearchResult, style: TerminalStyle) -> String {
        let blocks = result.hits.map { $0.block(style: style) }
        let count = result.totalIsLowerBound == true
            ? "\(result.hits.count) of \(result.total)+ hits"
            : "\(result.hits.count) of \(counted(result.total, "hit"))"
        let suggestion = result.suggestion.map { suggestion in
            "Did you mean: " + style.bold(suggestion)
                + (result.corrected == true ? "\nNo hit for the query as typed: the hits are for the suggestion." : "")
        }
        let partial = result.missingShards.map { shards in
            "Partial results: shards " + shards.joined(separator: ", ") + " did not answer; their documents are missing."
        }
        return ([suggestion, partial].compactMap { $0 } + blocks + [count]).joined(separator: "\n\n")
    }
}
