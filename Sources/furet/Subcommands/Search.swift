import ArgumentParser
import FoundationEssentials
import FuretProtocol

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

    @Flag(help: "Print the daemon's result as one line of JSON.")
    var json = false

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        let result = try connection.call(SearchRequest(query: query.joined(separator: " "), limit: limit, offset: offset, lines: true))
        let environment = ProcessInfo.processInfo.environment
        do {
            try LastSearch(hits: result.hits).save(environment: environment)
        } catch {
            // The search itself went well: say why furet open will not find it, and go on.
            printError("furet: cannot keep the hits for furet open: \(error)")
        }
        if json {
            print(String(decoding: try WireJSON.encode(result), as: UTF8.self))
        } else {
            print(render(result, style: TerminalStyle(environment: environment)))
        }
        if result.hits.isEmpty {
            throw ExitCode(1)
        }
    }

    /// The suggestion if any, one block per hit (path, title, snippet) and a count, separated
    /// by blank lines.
    private func render(_ result: SearchResult, style: TerminalStyle) -> String {
        let blocks = result.hits.map { hit in
            var lines = [style.bold(hit.citation)]
            if !hit.title.isEmpty {
                lines.append(hit.title)
            }
            if !hit.snippet.isEmpty {
                lines.append(style.highlight(hit.highlights, in: hit.snippet))
            }
            return lines.joined(separator: "\n")
        }
        let count = "\(result.hits.count) of \(counted(result.total, "hit"))"
        let suggestion = result.suggestion.map { suggestion in
            "Did you mean: " + style.bold(suggestion)
                + (result.corrected == true ? "\nNo hit for the query as typed: the hits are for the suggestion." : "")
        }
        return ([suggestion].compactMap { $0 } + blocks + [count]).joined(separator: "\n\n")
    }
}
