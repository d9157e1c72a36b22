import Dispatch

extension Duration {
    /// The duration as a `timeval`, for socket timeouts (`SO_RCVTIMEO`, `SO_SNDTIMEO`).
    var timeval: (seconds: Int, microseconds: Int) {
        let (seconds, attoseconds) = components
        return (Int(seconds), Int(attoseconds / 1_000_000_000_000))
    }

    /// The duration from now, as a Dispatch deadline.
    var fromNow: DispatchTime {
        let (seconds, microseconds) = timeval
        return .now() + .microseconds(seconds * 1_000_000 + microseconds)
    }
}
