import ArgumentParser
import FoundationEssentials
import FuretProtocol

struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open a hit of the last search, or of a new one, at its line or page.",
        discussion: """
            N counts the hits as the search printed them, from 1. Plain text opens in $VISUAL or \
            $EDITOR at the line (+LINE), a PDF in evince at the page (-i PAGE); anything else, or \
            without those programs, goes to xdg-open. The last search's hits are kept in \
            $XDG_RUNTIME_DIR/furet (else $XDG_CACHE_HOME/furet), readable by you alone.
            """
    )

    @Argument(help: "The hit's number, from 1.")
    var number: Int

    /// Query words may start with `-` (an exclusion): they are taken as words, not options.
    @Argument(parsing: .allUnrecognized, help: "A query to search first; the last search's hits when absent.")
    var query: [String] = []

    @OptionGroup
    var connection: ConnectionOptions

    func validate() throws {
        guard number >= 1 else { throw ValidationError("the hit's number counts from 1") }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let hits: [SearchHit]
        if query.isEmpty {
            hits = try LastSearch.load(environment: environment).hits
        } else {
            let result = try connection.call(SearchRequest(query: query.joined(separator: " "), limit: number, lines: true))
            hits = result.hits
            try LastSearch(hits: hits).save(environment: environment)
        }
        guard number <= hits.count else { throw ClientError.noSuchHit(number, hits: hits.count) }
        try Viewer.run(Viewer(environment: environment).command(for: hits[number - 1]))
    }
}
