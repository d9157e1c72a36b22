import FoundationEssentials
import Glibc

/// What `furet-extract` sends back for one file.
package enum ExtractionReply: Sendable, Equatable, Codable {
    case extracted(ExtractedFile)
    case failed(ExtractionFailure)
}

/// The framing between `furetd` and `furet-extract` on their socket: each frame is its length
/// (4 bytes, little-endian) then its bytes. A request is two frames (the format's name, the
/// file's bytes); a reply is one (``ExtractionReply`` as JSON).
///
/// Lengths are bounded by ``maxFrameBytes`` both ways, so a corrupt length never makes
/// either side allocate gigabytes.
package enum ExtractionFrames {
    /// Larger than any file the reader lets through, and than any text extracted from one.
    package static let maxFrameBytes = 1 << 30

    /// The reply's frame payload; empty if it cannot be encoded (a non-finite date), which
    /// `furetd` takes as a failure of the helper on that file.
    package static func encode(_ reply: ExtractionReply) -> [UInt8] {
        (try? Array(JSONEncoder().encode(reply))) ?? []
    }

    package static func decode(_ payload: [UInt8]) -> ExtractionReply? {
        try? JSONDecoder().decode(ExtractionReply.self, from: Data(payload))
    }

    /// The 4-byte header of a frame of `count` bytes.
    package static func header(_ count: Int) -> [UInt8] {
        withUnsafeBytes(of: UInt32(count).littleEndian, Array.init)
    }

    /// The length in a frame's header.
    package static func length(_ header: [UInt8]) -> Int {
        Int(header.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian)
    }
}
