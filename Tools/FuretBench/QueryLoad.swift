import Dispatch
import Foundation
import FuretProtocol
import Synchronization

/// Search clients sending queries to the daemon, each on its own thread and connection, one
/// request at a time: the load of the latency and freshness benchmarks.
///
/// A request's latency runs from sending its line to receiving the whole response line
/// (``DaemonClient/exchange(_:)``), measured on the monotonic clock; decoding the response is
/// the client's own cost and is not timed. Responses that are errors are counted, not timed.
///
/// ```swift
/// let run = try QueryLoad(socketPath: socket, queries: ["fond", "mariée"], limit: 10).run(clients: 32)
/// print(LatencySummary(run.latencies).p99Ms)
/// ```
struct QueryLoad: Sendable {
    let socketPath: String
    let queries: [String]
    /// The `limit` of each search (the daemon returns snippets for every hit).
    let limit: Int

    /// What one or more clients measured.
    struct Outcome {
        var latencies: [Duration] = []
        /// Requests answered with an error.
        var errors = 0
        /// From the common start signal to the last answer.
        var wall: Duration = .zero
        var requests: Int { latencies.count + errors }
    }

    /// Runs `clients` clients at once, each sending the whole query list once.
    ///
    /// Every client connects first; they start together once all are connected. Client `k`
    /// starts at query `k × count / clients` and wraps around, as independent users would be
    /// at different points: clients sending the same list in step would all meet its slowest
    /// query at the same moment.
    ///
    /// - Throws: the first connection failure of a client.
    func run(clients: Int) throws(BenchError) -> Outcome {
        let connected = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let finished = DispatchGroup()
        let results = Results()
        for client in 0..<clients {
            let first = client * queries.count / clients
            finished.enter()
            Thread { [self] in
                defer { finished.leave() }
                let connection = Result { () throws(BenchError) in try DaemonClient(socketPath: socketPath) }
                connected.signal()
                go.wait()
                results.add(Result { () throws(BenchError) in
                    var outcome = Outcome()
                    try send(Array(queries[first...] + queries[..<first]), on: connection.get(), into: &outcome)
                    return (outcome, ContinuousClock.now)
                })
            }.start()
        }
        for _ in 0..<clients { connected.wait() }
        let start = ContinuousClock.now
        for _ in 0..<clients { go.signal() }
        finished.wait()
        var total = Outcome()
        for result in results.list.withLock({ $0 }) {
            let (outcome, end) = try result.get()
            total.latencies += outcome.latencies
            total.errors += outcome.errors
            total.wall = max(total.wall, end - start)
        }
        return total
    }

    /// A client sending the query list over and over, on its own thread, until stopped.
    final class Loop: Sendable {
        private let isStopping = Atomic<Bool>(false)
        private let stopped = DispatchSemaphore(value: 0)
        private let results = Results()

        /// Connects and starts sending queries.
        init(_ load: QueryLoad) throws(BenchError) {
            let client = try DaemonClient(socketPath: load.socketPath)
            // The client moves to the thread, which alone uses it from now on.
            nonisolated(unsafe) let owned = client
            Thread { [self] in
                defer { stopped.signal() }
                results.add(Result { () throws(BenchError) in
                    var outcome = Outcome()
                    while !isStopping.load(ordering: .relaxed) {
                        try load.send(load.queries, on: owned, into: &outcome) { isStopping.load(ordering: .relaxed) }
                    }
                    return (outcome, ContinuousClock.now)
                })
            }.start()
        }

        /// Stops after the request in flight and returns what was measured.
        ///
        /// - Throws: the client's connection failure, if any.
        func stop() throws(BenchError) -> Outcome {
            isStopping.store(true, ordering: .relaxed)
            stopped.wait()
            guard let result = results.list.withLock({ $0.first }) else { return Outcome() }
            return try result.get().0
        }
    }

    /// Sends `queries` in turn on `client`, recording into `outcome`, until done or `shouldStop()`.
    private func send(
        _ queries: [String], on client: DaemonClient, into outcome: inout Outcome, shouldStop: () -> Bool = { false }
    ) throws(BenchError) {
        for query in queries where !shouldStop() {
            let start = ContinuousClock.now
            let line = try client.exchange(SearchRequest(query: query, limit: limit))
            let latency = ContinuousClock.now - start
            do {
                _ = try DaemonClient.decode(line, as: SearchRequest.self)
                outcome.latencies.append(latency)
            } catch .daemon {
                outcome.errors += 1
            }
        }
    }

    /// What the client threads hand back: an outcome and when it ended, or a failure.
    private final class Results: Sendable {
        let list = Mutex<[Result<(Outcome, ContinuousClock.Instant), BenchError>]>([])

        func add(_ result: Result<(Outcome, ContinuousClock.Instant), BenchError>) {
            list.withLock { $0.append(result) }
        }
    }
}

extension QueryLoad {
    /// The queries of `paths`, one a line, blank lines skipped, in file order.
    static func readQueries(_ paths: [String]) throws -> [String] {
        let queries = try paths.flatMap { path in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw BenchError.badInput(path: path, reason: "cannot read the queries")
            }
            return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        guard !queries.isEmpty else { throw BenchError.badInput(path: paths.joined(separator: ","), reason: "no query") }
        return queries
    }
}
