import ArgumentParser
import FuretProtocol

struct Analyze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Show the index tokens of a text.",
        discussion: "Prints one token per line: token, kind (stem, lemma or exact) and the word's Unicode scalar range, tab-separated."
    )

    @Argument(help: "The text; several arguments are joined with spaces.")
    var text: [String]

    @Flag(help: "Analyze the text as a query rather than as a document.")
    var query = false

    @OptionGroup
    var connection: ConnectionOptions

    func run() throws {
        let result = try connection.call(AnalyzeRequest(text: text.joined(separator: " "), mode: query ? .query : .document))
        for token in result.tokens {
            print("\(token.token)\t\(token.kind)\t\(token.start)-\(token.end)")
        }
    }
}
