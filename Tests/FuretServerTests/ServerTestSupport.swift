import Foundation
import FuretDocuments
import FuretIndex
import FuretProtocol
import FuretTestSupport
import Glibc
@testable import FuretServer
import Logging
import Synchronization
import Testing

/// A service over an in-memory index of a few French files, and its handler.
struct HandlerFixture {
    let folder: String
    private let temporary: TemporaryFolder
    /// The engine behind ``service``, for tests that look at the index itself.
    let engine: LocalEngine
    let service: FuretService
    let handler: RequestHandler
    let shutdownRequests: ShutdownCounter

    static let files = [
        "enquete.txt": "L’enquête sur le guet-apens\nLes enquêteurs ont établi qu'il était présent jusqu'à minuit.",
        "recette.md": "# Tarte aux poireaux\nUne recette simple : des poireaux, de la crème et du cœur à l'ouvrage.",
        "page.html": "<html><head><title>Rapport annuel</title><style>.x{}</style></head><body><p>Le rapport d&eacute;taille les proc&eacute;dures.</p></body></html>",
    ]

    init(files: [String: String] = Self.files, logger: Logger = Logger(label: "test"), diskFullRetryInterval: Duration = .seconds(60)) async throws {
        temporary = try TemporaryFolder(prefix: "furet-server")
        folder = temporary.path
        for (name, text) in files { try temporary.write(name, text) }
        let index = try SearchIndex.inMemory()
        engine = LocalEngine(index: index, indexer: Indexer(index: index, logger: logger), logger: logger)
        service = FuretService(engine: engine, logger: logger, diskFullRetryInterval: diskFullRetryInterval)
        try index.addRoots([folder])
        try await engine.indexer.reconcile(root: folder)
        let counter = ShutdownCounter()
        shutdownRequests = counter
        handler = RequestHandler(service: service, logger: logger) { counter.increment() }
    }

    /// The decoded reply to a raw request line.
    func reply(_ line: String) throws -> [String: Any] {
        let reply = handler.handle(line: Array(line.utf8))
        #expect(isOneLine(reply.line))
        return try JSONSerialization.jsonObject(with: Data(reply.line)) as! [String: Any]
    }

    func remove() {
        temporary.remove()
    }
}

/// Counts shutdown requests.
final class ShutdownCounter: @unchecked Sendable {
    // Touched from the handler's calling thread only, in tests.
    private(set) var count = 0
    func increment() { count += 1 }
}

/// Every reply is one line.
func isOneLine(_ line: [UInt8]) -> Bool {
    line.last == UInt8(ascii: "\n") && !line.dropLast().contains(UInt8(ascii: "\n"))
}

/// A logger whose messages the test reads back.
final class CapturedLogs: Sendable {
    private let messages = Mutex<[String]>([])

    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(logs: self) }
        logger.logLevel = .debug
        return logger
    }

    /// Each message with its metadata, `message key=value…`.
    var lines: [String] { messages.withLock { $0 } }

    fileprivate func append(_ line: String) {
        messages.withLock { $0.append(line) }
    }

    private struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let fields = (metadata.merging(event.metadata ?? [:]) { $1 }).sorted { $0.key < $1.key }
            logs.append(([event.message.description] + fields.map { "\($0.key)=\($0.value)" }).joined(separator: " "))
        }
    }
}

/// Calls `body` with `bytes` NUL-terminated, as a system call takes a path.
///
/// Tests of names that are not UTF-8 make and change their files with this, not through
/// `PathBytes`, the conversion they test.
func withRawPath<Result>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> Result) -> Result {
    (bytes + [0]).withUnsafeBytes { body($0.bindMemory(to: CChar.self).baseAddress!) }
}

/// Writes `text` to a new file whose path is `bytes` (not necessarily UTF-8).
func createFile(atRawPath bytes: [UInt8], _ text: String) throws {
    let descriptor = withRawPath(bytes) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
    try #require(descriptor >= 0, "open: errno \(errno)")
    defer { close(descriptor) }
    try #require(write(descriptor, text, text.utf8.count) == text.utf8.count)
}
