internal import Glibc

/// Writing a whole request or reply line to a connected socket, for every client of the
/// daemon (the `furet` client, the benchmarks' client, the tests' client).
package enum SocketWrite {
    /// Sends all of `bytes` on `descriptor`, again after `EINTR`; returns 0, or the `errno` of
    /// the call that failed. `MSG_NOSIGNAL`: a peer gone away is an error to report, not a
    /// `SIGPIPE` to die of.
    package static func all(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard count >= 0 else {
                guard errno == EINTR else { return errno }
                continue
            }
            sent += count
        }
        return 0
    }
}
