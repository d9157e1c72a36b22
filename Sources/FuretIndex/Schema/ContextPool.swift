import Synchronization

/// C contexts (a libdeflate compressor, a zstd context) that cost more to make than the work
/// of one call on a paragraph, and that one thread at a time may use: idle ones wait here.
///
/// `@unchecked Sendable`: a context is handed to one caller at a time, between taking it from
/// ``idle`` and putting it back.
final class ContextPool: @unchecked Sendable {
    /// `@unchecked Sendable`: see the type's.
    private struct Context: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private let idle = Mutex<[Context]>([])
    private let idleLimit: Int
    private let make: () -> OpaquePointer?
    private let free: (OpaquePointer) -> Void

    init(idleLimit: Int = 8, make: @escaping () -> OpaquePointer?, free: @escaping (OpaquePointer) -> Void) {
        self.idleLimit = idleLimit
        self.make = make
        self.free = free
    }

    /// Runs `body` with a context of its own; `nil` when none could be made.
    func withContext<Result>(_ body: (OpaquePointer) -> Result) -> Result? {
        guard let context = idle.withLock({ $0.popLast() }) ?? make().map(Context.init) else { return nil }
        defer {
            let kept = idle.withLock { idle in
                guard idle.count < idleLimit else { return false }
                idle.append(context)
                return true
            }
            if !kept { free(context.pointer) }
        }
        return body(context.pointer)
    }
}
