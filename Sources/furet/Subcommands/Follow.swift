import ArgumentParser
import FoundationEssentials
import FuretProtocol
import Glibc

struct Follow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "follow",
        abstract: "Print documents that newly match a query as they are indexed, until interrupted.",
        discussion: """
            A document is printed when it is added to the index and matches, or changes so that \
            it matches and did not before. Renamed, removed or unchanged documents are not printed.
            """
    )

    @Argument(parsing: .allUnrecognized, help: "The query; several arguments are joined with spaces.")
    var query: [String]

    @Option(help: ArgumentHelp(
        "First print the documents already matching whose date is from this day on (YYYY-MM-DD; at most 1,000, best first).",
        valueName: "date"))
    var since: String?

    @Flag(help: "Print one line of JSON per document: {\"event\": \"added\"|\"changed\"|\"existing\", \"hit\": {…}}.")
    var json = false

    @OptionGroup
    var connection: ConnectionOptions

    /// What `--json` prints for a document.
    private struct Line: Encodable {
        var event: String
        var hit: SearchHit
    }

    func run() throws {
        let text = query.joined(separator: " ")
        let style = TerminalStyle(environment: ProcessInfo.processInfo.environment)
        var daemon = try connection.connect()
        // Subscribed first: a document indexed while the existing ones are listed is not missed.
        _ = try daemon.call(SubscribeRequest(query: text))
        if let since {
            let existing = try daemon.call(SearchRequest(query: "\(text) after:\(since)", limit: 1_000))
            for hit in existing.hits { try show(hit, event: "existing", style: style) }
        }
        while true {
            let line = try daemon.nextNotification()
            switch NotificationEnvelope.method(of: line) {
            case MatchNotification.method:
                guard let match = NotificationEnvelope.params(of: line, as: MatchNotification.self) else { continue }
                try show(match.hit, event: match.event.rawValue, style: style)
            case DroppedNotification.method:
                guard let dropped = NotificationEnvelope.params(of: line, as: DroppedNotification.self) else { continue }
                Self.write("furet: \(counted(dropped.notifications, "notification")) dropped: this terminal did not keep up "
                    + "(search to see them)\n", to: STDERR_FILENO)
            default:
                continue
            }
        }
    }

    /// Prints a document at once, even into a pipe.
    private func show(_ hit: SearchHit, event: String, style: TerminalStyle) throws {
        if json {
            Self.write(String(decoding: try WireJSON.encode(Line(event: event, hit: hit)), as: UTF8.self) + "\n", to: STDOUT_FILENO)
        } else {
            Self.write(hit.block(style: style) + "\n\n", to: STDOUT_FILENO)
        }
    }

    /// Writes `text` unbuffered: a match is seen as it arrives, not when a buffer fills.
    private static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else {
                if count < 0 && errno == EINTR { continue }
                return
            }
            bytes = bytes.dropFirst(count)
        }
    }
}
