import FuretDocuments

/// The helper's end of its socket: requests in, replies out.
struct HelperChannel {
    struct Request {
        var format: String
        var bytes: [UInt8]
    }

    private let socket: FrameSocket

    init(descriptor: Int32) {
        socket = FrameSocket(descriptor: descriptor)
    }

    /// The next file to read; `nil` once `furetd` closed the socket (or sent a bad frame).
    mutating func readRequest() -> Request? {
        guard let name = try? socket.receive(), let bytes = try? socket.receive() else { return nil }
        return Request(format: String(decoding: name, as: UTF8.self), bytes: bytes)
    }

    /// Whether the reply went out.
    func write(_ reply: ExtractionReply) -> Bool {
        (try? socket.send(ExtractionFrames.encode(reply))) != nil
    }
}
