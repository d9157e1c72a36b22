import Foundation

/// Runs `body` on a thread of its own and awaits it: tests that wait on other processes (a
/// daemon, `furet`, a shard) or on the network must not hold the cooperative pool's threads
/// (two on a 2-core machine), which the in-process servers of the tests running in parallel
/// need to index and notify within their timeouts.
///
/// Not `BlockingCall`: its Dispatch queue is sized for short calls and grows only when its
/// monitor sees blocked threads, while these waits last seconds, and the servers under test
/// need that queue for their own file reads meanwhile.
package func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}
