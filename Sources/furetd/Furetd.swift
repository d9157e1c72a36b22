import ArgumentParser
import Foundation
import FuretDocuments
import FuretIndex
import FuretProtocol
import FuretRelease
import FuretServer
import Logging

/// `furetd`: keeps a French full-text index of folders fresh and answers queries on a Unix socket.
@main
struct Furetd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "furetd",
        abstract: "Furet's daemon: indexes French documents and answers searches on a Unix socket.",
        discussion: """
            Roots given once are remembered: a restart without ROOT arguments resumes them.
            Socket: --socket, else $FURET_SOCKET, else $XDG_RUNTIME_DIR/furet/furet.sock, else /tmp/furet-$UID/furet.sock.
            Index: --index, else $FURET_INDEX, else $XDG_DATA_HOME/furet/index.sqlite (~/.local/share/furet/).
            """,
        version: "furetd \(ReleaseVersion.description)"
    )

    @Option(help: "The Unix socket to serve on.")
    var socket: String?

    @Option(help: "The index database file.")
    var index: String?

    @Option(help: "Skip files larger than this many bytes (at most 512 MiB).")
    var maxFileBytes = 64 << 20

    @Option(help: "Seconds the extraction helper may spend on one file before it is killed (PDF and other binary formats).")
    var extractTimeout = 90.0

    @Option(help: "Address space of the extraction helper, in MiB.")
    var extractMemory = 2048

    @Option(help: "Extraction helpers, each reading one file at a time (default: one per core, at most 4).")
    var extractHelpers = min(4, ProcessInfo.processInfo.activeProcessorCount)

    @Option(help: "Serve as a router over Xapian remote shards (xapian-tcpsrv --writable), HOST:PORT,HOST:PORT,…, instead of a local index; HOST:PORT|HOST:PORT gives a shard a read-only replica (xapian-replicate), searched while its primary does not answer.")
    var shards: String?

    @Option(help: "With --shards: move the shards' documents from the previous list OLD (PRIMARY[|REPLICA],…) to their shard in --shards, then exit. Run it with no router on the shards; run it again if it stopped.")
    var rehashFrom: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Argument(help: "Folders (or files) to index and watch, in addition to those remembered.")
    var roots: [String] = []

    func run() async throws {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "furetd")
        let environment = ProcessInfo.processInfo.environment
        let socketPath = socket ?? SocketLocation.defaultPath(environment: environment)
        let indexPath = index ?? Self.defaultIndexPath(environment: environment)
        if let rehashFrom {
            guard let shards else {
                logger.critical("--rehash-from needs --shards, the new list of shards")
                throw ExitCode(2)
            }
            do {
                let counts = try Daemon.rehash(from: rehashFrom, to: shards, indexPath: indexPath, logger: logger)
                print("rehash: \(counts.documents) documents read, \(counts.moved) moved")
            } catch {
                logger.critical("\(error)")
                throw ExitCode(1)
            }
            return
        }
        let helper = IsolatedExtractor.besideThisProgram()
        if helper == nil {
            logger.warning("furet-extract is not next to furetd: PDF and other binary formats are skipped")
        }
        let extractor = IsolatedExtractor(
            executable: helper ?? "furet-extract",
            limits: .init(memoryMiB: extractMemory, cpuSeconds: max(1, Int(extractTimeout.rounded(.up))), wallSeconds: extractTimeout),
            helpers: extractHelpers
        )
        do {
            try await Daemon.run(
                socketPath: socketPath, indexPath: indexPath, shards: shards, roots: roots,
                reader: DocumentReader(maxFileBytes: maxFileBytes, extractor: extractor), logger: logger
            )
        } catch {
            logger.critical("\(error)")
            throw ExitCode(1)
        }
    }

    /// `$FURET_INDEX`, else `$XDG_DATA_HOME/furet/index.sqlite`, else `~/.local/share/furet/index.sqlite`.
    static func defaultIndexPath(environment: [String: String]) -> String {
        if let path = environment["FURET_INDEX"], !path.isEmpty { return path }
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share"
        return dataHome + "/furet/index.sqlite"
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
