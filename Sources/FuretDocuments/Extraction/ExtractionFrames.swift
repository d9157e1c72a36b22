import FoundationEssentials
import Glibc

/// What `furet-extract` sends back for one file.
package enum ExtractionReply: Sendable, Equatable, Codable {
    case extracted(ExtractedFile)
    case failed(ExtractionFailure)
}

/// The framing between `furetd` and `furet-extract` on their socket: each frame is its length
/// (4 bytes, little-endian) then its bytes. A request is two frames (the format's name, the
/// file's bytes). A reply is ``ExtractionReply`` as JSON with every body left empty, then, for
/// an extracted file, one frame per body in the order of ``ExtractedFile/documents``, its raw
/// UTF-8: the bodies are nearly all of a reply's bytes, and as JSON strings the helper escaped
/// them and `furetd` parsed them again (about 3 % of `furetd`'s CPU on Debian's French PDFs).
///
/// Lengths are bounded by ``maxFrameBytes`` both ways, so a corrupt length never makes
/// either side allocate gigabytes.
package enum ExtractionFrames {
    /// Larger than any file the reader lets through, and than any text extracted from one.
    package static let maxFrameBytes = 1 << 30

    /// The reply's frames; its first is empty if it cannot be encoded (a non-finite date),
    /// which `furetd` takes as a failure of the helper on that file.
    package static func encode(_ reply: ExtractionReply) -> [[UInt8]] {
        guard case .extracted(var file) = reply else { return [json(reply)] }
        let documents = file.documents
        let bodies = documents.map { Array($0.body.utf8) }
        file.documents = documents.map { document in
            var withoutBody = document
            withoutBody.body = ""
            return withoutBody
        }
        return [json(.extracted(file))] + bodies
    }

    /// The reply whose frames `receive` gives one after another; `nil` when the first is not
    /// a reply.
    package static func decode(_ receive: () throws(FrameError) -> [UInt8]) throws(FrameError) -> ExtractionReply? {
        let head = try receive()
        guard let reply = try? JSONDecoder().decode(ExtractionReply.self, from: Data(head)) else { return nil }
        guard case .extracted(var file) = reply else { return reply }
        var documents = file.documents
        for index in documents.indices {
            documents[index].body = String(decoding: try receive(), as: UTF8.self)
        }
        file.documents = documents
        return .extracted(file)
    }

    private static func json(_ reply: ExtractionReply) -> [UInt8] {
        (try? Array(JSONEncoder().encode(reply))) ?? []
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
