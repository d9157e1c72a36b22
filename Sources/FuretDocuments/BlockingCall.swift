import Dispatch

/// Runs a blocking call (reading a file, walking a tree with `readdir`, waiting on a
/// condition) on a Dispatch thread outside Swift's cooperative pool, and awaits its result.
///
/// The cooperative pool has one thread per core: a call that blocks one of them takes that
/// core's share of every task (searches, indexing, the watcher's batches) until it returns.
package enum BlockingCall {
    package static func run<Result: Sendable>(_ call: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(returning: call())
            }
        }
    }
}
