import CMalloc
import FuretAnalysis
import FuretIndex
import FuretProtocol
public import Logging

/// Answers JSON-RPC requests, one line in, one line out, independent of any transport: the
/// socket server feeds it lines, tests call it directly.
///
/// Synchronous by design: it runs on the connection's own thread, and searches block that
/// thread on one of the pool's readers, so many clients read in parallel and a slow client
/// only ever holds its own thread. Never throws and never traps on client input.
public final class RequestHandler: Sendable {
    /// What to send back, and whether the connection must close after it.
    public struct Reply: Sendable {
        public var line: [UInt8]
        public var closesConnection = false
    }

    private let service: FuretService
    private let logger: Logger
    private let onShutdown: @Sendable () -> Void
    /// The time each search gets (``SearchDeadline``).
    private let searchSeconds: Double
    private let subscriptions: Subscriptions

    public init(
        service: FuretService, logger: Logger, searchSeconds: Double = SearchDeadline.defaultSeconds,
        onShutdown: @escaping @Sendable () -> Void
    ) {
        self.service = service
        self.logger = logger
        self.searchSeconds = searchSeconds
        self.onShutdown = onShutdown
        subscriptions = Subscriptions(engine: service.engine)
    }

    /// Request lines from this length on make the handler give free memory back to the
    /// system once answered. Such a line (a megabyte of query, refused) is decoded into
    /// copies of itself, and glibc, having seen a block that size freed, keeps the next ones
    /// in its heap: four clients looping on hostile queries left the daemon 36 MB larger on
    /// the sample corpus, 22 MB with this; a trim costs about a millisecond.
    static let largeLineBytes = 64 * 1024

    /// The reply to one request line (without its newline).
    ///
    /// - Parameters:
    ///   - client: the socket the line came from: a search stops when its peer closes it, as
    ///     nobody would read the answer.
    ///   - connection: where the connection's notifications go; without one, `subscribe` is
    ///     refused.
    func handle(line: [UInt8], client: Int32? = nil, connection: ConnectionOutbox?) -> Reply {
        defer { if line.count >= Self.largeLineBytes { furet_release_free_memory() } }
        let envelope: RequestEnvelope
        do {
            envelope = try RequestEnvelope(line: line)
        } catch {
            return Reply(line: ResponseEnvelope.encodeError(error.error, id: error.id))
        }
        do {
            return Reply(line: try dispatch(envelope, client: client, connection: connection))
        } catch let error as ResponseError {
            return Reply(line: ResponseEnvelope.encodeError(error, id: envelope.id))
        } catch {
            return Reply(line: ResponseEnvelope.encodeError(responseError(for: error), id: envelope.id))
        }
    }

    /// The reply to one request line (without its newline), from a caller without a
    /// connection to notify (tests).
    public func handle(line: [UInt8], client: Int32? = nil) -> Reply {
        handle(line: line, client: client, connection: nil)
    }

    /// Ends the subscriptions of a connection that is closing.
    func connectionClosed(_ connection: ConnectionOutbox) {
        subscriptions.closeAll(on: connection)
    }

    /// Whether a connection holds subscriptions: it waits for notifications, and is not idle
    /// however long it stays silent.
    func isSubscribed(_ connection: ConnectionOutbox) -> Bool {
        subscriptions.hasAny(on: connection)
    }

    /// The reply for a line longer than the framing limit; the connection closes after it.
    public func lineTooLong(limit: Int) -> Reply {
        let error = ResponseError(code: .lineTooLong, message: "request line longer than \(limit) bytes")
        return Reply(line: ResponseEnvelope.encodeError(error, id: nil), closesConnection: true)
    }

    private func dispatch(_ envelope: RequestEnvelope, client: Int32?, connection: ConnectionOutbox?) throws -> [UInt8] {
        let id = envelope.id
        switch envelope.method {
        case SearchRequest.method:
            let request = try envelope.decodeParams(SearchRequest.self)
            let deadline = SearchDeadline(seconds: searchSeconds, client: client)
            let results = try service.engine.search(
                request.query, limit: request.limit ?? 10, offset: request.offset ?? 0, order: SearchOrder(request.sort ?? .relevance),
                lines: request.lines == true, deadline: deadline)
            return ResponseEnvelope.encodeResult(SearchResult(results), id: id)
        case StatusRequest.method:
            _ = try envelope.decodeParams(StatusRequest.self)
            return ResponseEnvelope.encodeResult(IndexStatus(try service.status()), id: id)
        case IndexRequest.method:
            let request = try envelope.decodeParams(IndexRequest.self)
            let roots = try service.addRoots(try Self.checked(request.paths))
            return ResponseEnvelope.encodeResult(IndexResult(queued: roots.count, roots: roots), id: id)
        case ForgetRequest.method:
            let request = try envelope.decodeParams(ForgetRequest.self)
            let removed = try service.forget(try Self.checked(request.paths))
            return ResponseEnvelope.encodeResult(ForgetResult(removed: removed), id: id)
        case AnalyzeRequest.method:
            let request = try envelope.decodeParams(AnalyzeRequest.self)
            let tokens = try service.engine.analyze(request.text, asQuery: request.mode == .query)
            return ResponseEnvelope.encodeResult(AnalyzeResult(tokens: tokens.map(AnalyzedToken.init)), id: id)
        case ReindexRequest.method:
            _ = try envelope.decodeParams(ReindexRequest.self)
            return ResponseEnvelope.encodeResult(ReindexResult(queued: try service.reindexAll()), id: id)
        case SubscribeRequest.method:
            let request = try envelope.decodeParams(SubscribeRequest.self)
            let subscription = try subscriptions.subscribe(request.query, on: Self.subscriber(connection))
            return ResponseEnvelope.encodeResult(SubscribeResult(subscription: subscription), id: id)
        case UnsubscribeRequest.method:
            let request = try envelope.decodeParams(UnsubscribeRequest.self)
            try subscriptions.unsubscribe(request.subscription, on: Self.subscriber(connection))
            return ResponseEnvelope.encodeResult(UnsubscribeResult(), id: id)
        case ShutdownRequest.method:
            _ = try envelope.decodeParams(ShutdownRequest.self)
            logger.info("shutdown requested by a client")
            onShutdown()
            return ResponseEnvelope.encodeResult(ShutdownResult(), id: id)
        default:
            throw ResponseError(code: .methodNotFound, message: "unknown method \(envelope.method)")
        }
    }

    /// The connection that subscribes, when there is one.
    private static func subscriber(_ connection: ConnectionOutbox?) throws(ResponseError) -> ConnectionOutbox {
        guard let connection else { throw ResponseError(code: .invalidRequest, message: "subscriptions need a socket connection") }
        return connection
    }

    /// `paths` when each is absolute and free of NUL characters.
    ///
    /// The daemon's working directory is not the client's, so a relative path would name
    /// another file: clients resolve them (`furet` does). A NUL would cut the path short at
    /// the file system.
    /// - Throws: ``ErrorCode/invalidParams`` naming the first offending path's position.
    static func checked(_ paths: [String]) throws(ResponseError) -> [String] {
        for (position, path) in paths.enumerated() {
            if path.utf8.contains(0) {
                throw ResponseError(code: .invalidParams, message: "params.paths[\(position)] contains a NUL character")
            }
            if !path.hasPrefix("/") {
                throw ResponseError(
                    code: .invalidParams,
                    message: "params.paths[\(position)] must be an absolute path (the daemon does not share the client's directory)")
            }
        }
        return paths
    }

    /// Maps engine errors to wire errors; anything unexpected is logged and reported as internal.
    func responseError(for error: any Error) -> ResponseError {
        switch error {
        case let error as QuerySyntaxError:
            return ResponseError(code: .querySyntax, message: error.description)
        case let error as SearchIndex.InvalidPage:
            return ResponseError(code: .invalidParams, message: error.description)
        case let error as QueryCostError:
            return ResponseError(code: .queryTooExpensive, message: error.description)
        case let error as SearchInterruption:
            logger.info("search stopped", metadata: ["reason": "\(error == .clientGone ? "client disconnected" : "timed out")"])
            return ResponseError(code: .queryTimedOut, message: error.description)
        case let error as ServiceError:
            switch error {
            case .notFound: return ResponseError(code: .notFound, message: error.description)
            case .notARoot: return ResponseError(code: .pathOutsideRoots, message: error.description)
            }
        default:
            switch error as? StorageError ?? StorageError(error) {
            case .full?: return ResponseError(code: .diskFull, message: StorageError.full.description)
            case .busy?: return ResponseError(code: .indexBusy, message: StorageError.busy.description)
            case .corrupt?:
                service.noteDamage(error)
                return ResponseError(code: .internalError, message: StorageError.corrupt.description)
            case nil: break
            }
            logger.error("internal error", metadata: ["error": "\(error)"])
            return ResponseError(code: .internalError, message: "internal error (see the daemon's log)")
        }
    }
}
