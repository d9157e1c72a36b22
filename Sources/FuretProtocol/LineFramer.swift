/// Splits a byte stream into lines: the framing of the protocol, one JSON object per line.
///
/// Feed it bytes as they arrive, then take the complete lines:
///
/// ```swift
/// var framer = LineFramer()
/// framer.append(bytesRead)
/// while let line = try framer.nextLine() {
///     // handle line
/// }
/// ```
///
/// Lines end with `\n`; a `\r` before it is dropped, for clients that send `\r\n`.
/// A long line arriving in many small chunks costs linear time: the search for a newline
/// resumes where it stopped.
public struct LineFramer: Sendable {
    /// The default limit on a line's length: 1 MiB.
    public static let defaultMaxLineBytes = 1 << 20

    /// The longest line accepted, in bytes, not counting its `\n`.
    public let maxLineBytes: Int

    private var buffer: [UInt8] = []
    /// The first byte not yet returned in a line.
    private var lineStart = 0
    /// Where the search for a newline resumes: no byte before holds one.
    private var searchStart = 0

    public init(maxLineBytes: Int = defaultMaxLineBytes) {
        self.maxLineBytes = maxLineBytes
    }

    /// Whether bytes of a line whose end has not arrived yet are held: a client stopped
    /// mid-request.
    public var holdsPartialLine: Bool { lineStart < buffer.endIndex }

    /// Adds bytes received from the stream.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete line, without its `\n` (nor a `\r` before it); `nil` until one
    /// has arrived.
    ///
    /// - Throws: ``FramingError/lineTooLong`` when a line exceeds ``maxLineBytes``, then
    ///   again on every call: the stream cannot be resynchronised, close it.
    public mutating func nextLine() throws(FramingError) -> [UInt8]? {
        guard let newline = buffer[searchStart...].firstIndex(of: UInt8(ascii: "\n")) else {
            searchStart = buffer.endIndex
            guard buffer.endIndex - lineStart <= maxLineBytes else { throw .lineTooLong }
            return nil
        }
        guard newline - lineStart <= maxLineBytes else { throw .lineTooLong }
        var end = newline
        if end > lineStart, buffer[end - 1] == UInt8(ascii: "\r") {
            end -= 1
        }
        let line = Array(buffer[lineStart..<end])
        lineStart = newline + 1
        searchStart = lineStart
        return line
    }

    /// Drops the bytes of lines already returned, once they are at least half the buffer,
    /// so that each byte moves a bounded number of times.
    private mutating func compact() {
        guard lineStart > 0, lineStart >= buffer.count / 2 else { return }
        buffer.removeSubrange(..<lineStart)
        searchStart -= lineStart
        lineStart = 0
    }
}
