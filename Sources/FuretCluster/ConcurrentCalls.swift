import Foundation

/// Blocking calls made at once, each on a thread of its own: a shard answers one request at
/// a time per connection, so calls on different connections overlap only on different
/// threads, and they mostly wait (Dispatch's `concurrentPerform` runs only as many at once as
/// there are cores).
enum ConcurrentCalls {
    /// `body` of each of `0..<count`, called at once (the last on the caller's thread), in order.
    static func map<T>(_ count: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let results = Results<T>(count: count)
        let group = DispatchGroup()
        for index in 0..<max(0, count - 1) {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                results.set(index, body(index))
            }
        }
        if count > 0 { results.set(count - 1, body(count - 1)) }
        group.wait()
        return results.all()
    }
}

/// The calls' results, each set by its own thread.
private final class Results<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [T?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ value: T) {
        lock.withLock { values[index] = value }
    }

    func all() -> [T] {
        lock.withLock { values.map { $0! } }
    }
}
