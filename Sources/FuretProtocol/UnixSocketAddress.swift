internal import Glibc

/// The address of a Unix socket (`sockaddr_un`) at a path, for the daemon's `bind` and every
/// client's `connect` (the `furet` client, the benchmarks' clients, tests' fake daemons).
///
/// ```swift
/// guard let address = UnixSocketAddress(path) else { throw … } // too long
/// guard address.connect(descriptor) == 0 else { throw … errno … }
/// ```
package struct UnixSocketAddress: Sendable {
    private var storage = sockaddr_un()

    /// The address of `path`, or `nil` when the path and its terminating NUL do not fit in
    /// `sun_path` (108 bytes on Linux).
    package init?(_ path: String) {
        storage.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: storage.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &storage.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
    }

    /// `connect(2)` of `descriptor` to this address: 0, or -1 with `errno` set.
    package func connect(_ descriptor: Int32) -> Int32 {
        withSocketAddress { Glibc.connect(descriptor, $0, $1) }
    }

    /// `bind(2)` of `descriptor` to this address: 0, or -1 with `errno` set.
    package func bind(_ descriptor: Int32) -> Int32 {
        withSocketAddress { Glibc.bind(descriptor, $0, $1) }
    }

    private func withSocketAddress(_ body: (UnsafePointer<sockaddr>, socklen_t) -> Int32) -> Int32 {
        withUnsafePointer(to: storage) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}
