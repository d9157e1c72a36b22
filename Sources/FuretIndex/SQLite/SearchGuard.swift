import CFuretSQLite
import Dispatch
import GRDB

/// One search's ``SearchDeadline`` as SQLite and the ranking check it (`furet_search_guard`
/// in `CFuretSQLite.h`).
///
/// Not `Sendable`: the search's thread alone checks it, and polls the client's socket for
/// hang-up itself, every 20 ms at most, so no watcher thread is needed.
final class SearchGuard {
    let pointer: OpaquePointer
    /// The time the search was given.
    let seconds: Double

    init(_ deadline: SearchDeadline) throws {
        let nanoseconds = deadline.seconds * 1e9
        let timeout = nanoseconds.isNaN ? 0 : nanoseconds >= 9e18 ? Int64.max : Int64(max(0, nanoseconds))
        guard let pointer = furet_search_guard_new(timeout, deadline.client ?? -1) else {
            throw DatabaseError(resultCode: .SQLITE_NOMEM, message: "cannot allocate a search guard")
        }
        self.pointer = pointer
        seconds = deadline.seconds
    }

    deinit { furet_search_guard_free(pointer) }

    /// When the time runs out, for waiting on a turn.
    var dispatchDeadline: DispatchTime {
        let remaining = UInt64(furet_search_guard_remaining_ns(pointer))
        let now = DispatchTime.now().uptimeNanoseconds
        return DispatchTime(uptimeNanoseconds: remaining > UInt64.max - now ? UInt64.max : now + remaining)
    }

    /// Why the search must stop, once it must.
    var interruption: SearchInterruption? {
        switch furet_search_guard_reason(pointer) {
        case Int32(FURET_SEARCH_TIMED_OUT): .timedOut(seconds: seconds)
        case Int32(FURET_SEARCH_CLIENT_GONE): .clientGone
        default: nil
        }
    }

    /// Makes SQLite's progress handler on `db` check this guard, until ``detach(from:)``.
    func attach(to db: Database) {
        furet_search_guard_attach(db.sqliteConnection, pointer)
    }

    func detach(from db: Database) {
        furet_search_guard_attach(db.sqliteConnection, nil)
    }

    /// Runs `body`; an error raised because the guard stopped a statement (an SQLite
    /// interruption, a failed step) becomes its ``SearchInterruption``.
    func reportingInterruption<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw interruption ?? error
        }
    }
}
