import Glibc

/// Why a frame could not be sent or received.
package enum FrameError: Error, Equatable {
    /// The other side closed the socket (or died).
    case closed
    /// The deadline passed first.
    case timedOut
    /// A header announced more than ``ExtractionFrames/maxFrameBytes``.
    case tooLarge(Int)
    /// A system call failed with this errno.
    case failed(Int32)
}

/// Length-prefixed frames (``ExtractionFrames``) over a stream socket, with an optional
/// deadline: both ends of the `furetd` ↔ `furet-extract` channel use it.
package struct FrameSocket {
    package let descriptor: Int32

    package init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Sends `payloads`, each as one frame.
    package func send(_ payloads: [[UInt8]], until deadline: ContinuousClock.Instant? = nil) throws(FrameError) {
        for payload in payloads {
            try sendAll(ExtractionFrames.header(payload.count), until: deadline)
            try sendAll(payload, until: deadline)
        }
    }

    /// Receives one frame's payload.
    package func receive(until deadline: ContinuousClock.Instant? = nil) throws(FrameError) -> [UInt8] {
        let length = ExtractionFrames.length(try receiveExactly(4, until: deadline))
        guard length <= ExtractionFrames.maxFrameBytes else { throw .tooLarge(length) }
        return try receiveExactly(length, until: deadline)
    }

    /// Whether the other side hung up or has bytes waiting: for a helper between files,
    /// which never speaks first, either means it is gone.
    package var isHungUp: Bool {
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) != 0
    }

    private func sendAll(_ bytes: [UInt8], until deadline: ContinuousClock.Instant?) throws(FrameError) {
        var sent = 0
        while sent < bytes.count {
            try wait(for: Int16(POLLOUT), until: deadline)
            // MSG_NOSIGNAL: a helper gone away is an error to handle, not a SIGPIPE to die of.
            let count = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw errno == EPIPE || errno == ECONNRESET ? .closed : .failed(errno)
            }
            sent += count
        }
    }

    private func receiveExactly(_ count: Int, until deadline: ContinuousClock.Instant?) throws(FrameError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            try wait(for: Int16(POLLIN), until: deadline)
            let got = bytes.withUnsafeMutableBytes { Glibc.recv(descriptor, $0.baseAddress! + filled, $0.count - filled, 0) }
            if got < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw errno == ECONNRESET ? .closed : .failed(errno)
            }
            if got == 0 { throw .closed }
            filled += got
        }
        return bytes
    }

    /// Waits until the socket is ready for `events`, or the deadline passes.
    private func wait(for events: Int16, until deadline: ContinuousClock.Instant?) throws(FrameError) {
        guard let deadline else { return }
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { throw .timedOut }
            let milliseconds = Int32(min(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready < 0, errno == EINTR { continue }
            guard ready >= 0 else { throw .failed(errno) }
            if ready > 0 { return }  // readable, writable, or hung up: the call says which
        }
    }
}
