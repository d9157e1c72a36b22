import Glibc

/// Blocks the calling thread for `duration`.
///
/// The benchmarks' clients are plain threads making blocking calls, as simple integrators
/// do, never tasks of Swift's cooperative pool (two threads on a two-core machine).
func blockingSleep(for duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0, errno == EINTR {
        request = remaining
    }
}
