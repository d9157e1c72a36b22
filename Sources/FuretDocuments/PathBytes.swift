import Glibc

/// The one conversion between a path as the file system knows it (bytes) and as Furet keeps it
/// (a `String`, in the index and in JSON).
///
/// Linux names are bytes, not text: `x\xe9.txt` (Latin-1, common from old Windows disks and ZIP
/// archives) is a valid name but not valid UTF-8. `String(cString:)` would replace the byte with
/// U+FFFD, and the repaired name no longer exists. Here valid UTF-8 stays as it is, so every
/// ordinary path is unchanged; each byte of an invalid sequence becomes a code point of the
/// last 128 of plane 16 (private use), byte `b` as U+10FF00 + `b` (0x80…0xFF, since bytes below
/// 0x80 are always valid). A name that really holds one of those 128 code points has its UTF-8
/// bytes escaped the same way, so bytes → `String` → bytes is exact for every byte sequence.
///
/// A Swift `String` passed to a C `const char *` is encoded as UTF-8, which would write an
/// escape's 4 UTF-8 bytes instead of its byte: every system call that takes a path goes through
/// ``withCString(_:_:)``.
///
/// ```swift
/// let path = PathBytes.string(Array("/tmp/x".utf8) + [0xE9] + Array(".txt".utf8))
/// // "/tmp/x\u{10FFE9}.txt"
/// PathBytes.withCString(path) { open($0, O_RDONLY) }  // opens the file whose name has byte 0xE9
/// ```
public enum PathBytes {
    /// The code point standing for byte 0: escapes are `escapeBase + b`, for `b` in 0x80…0xFF.
    private static let escapeBase: UInt32 = 0x10FF00

    /// Code points that stand for a byte.
    private static let escapes: ClosedRange<UInt32> = 0x10FF80...0x10FFFF

    /// The `String` form of the path or name `bytes` (without a terminating NUL).
    public static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        // Decoding with repair, then comparing, takes half the time of `String(validating:)`.
        var decoded = String(decoding: bytes, as: UTF8.self)
        let isExact = decoded.withUTF8 { utf8 in
            utf8.count == bytes.count && (bytes.isEmpty || memcmp(utf8.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        }
        if isExact, !mayHoldEscape(bytes) { return decoded }
        var scalars = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var pending = 0
        func escape(_ count: Int) {
            for byte in bytes[pending..<pending + count] {
                scalars.append(Unicode.Scalar(escapeBase + UInt32(byte))!)
            }
            pending += count
        }
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if escapes.contains(scalar.value) {
                    escape(encoded.count)
                } else {
                    scalars.append(scalar)
                    pending += encoded.count
                }
            case .error(let length): escape(length)
            case .emptyInput: break loop
            }
        }
        return String(scalars)
    }

    /// The `String` form of the path or name `bytes` (without a terminating NUL).
    public static func string(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { string($0) }
    }

    /// The bytes the file system knows `path` by (without a terminating NUL).
    public static func bytes(_ path: String) -> [UInt8] {
        guard mayHoldEscape(path) else { return Array(path.utf8) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(path.utf8.count)
        for scalar in path.unicodeScalars {
            if escapes.contains(scalar.value) {
                bytes.append(UInt8(scalar.value - escapeBase))
            } else {
                bytes.append(contentsOf: UTF8.encode(scalar)!)
            }
        }
        return bytes
    }

    /// Calls `body` with `path` as the NUL-terminated bytes a system call takes.
    public static func withCString<Result>(_ path: String, _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        guard mayHoldEscape(path) else { return path.withCString(body) }
        let terminated = bytes(path) + [0]
        return terminated.withUnsafeBytes { body($0.bindMemory(to: CChar.self).baseAddress!) }
    }

    /// `path` for a log line or a message: each escaped byte written `\xE9`, as `ls -b` does.
    public static func readable(_ path: String) -> String {
        guard mayHoldEscape(path) else { return path }
        var text = ""
        for scalar in path.unicodeScalars {
            if escapes.contains(scalar.value) {
                let byte = String(scalar.value - escapeBase, radix: 16, uppercase: true)
                text += "\\x" + byte
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        return text
    }

    /// Whether `bytes` may encode an escape: U+10FF80…U+10FFFF is F4 8F BE/BF xx. A `memchr`
    /// for F4, which most paths do not hold, keeps the common case (no escape) fast.
    private static func mayHoldEscape(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var start = 0
        while let found = memchr(base + start, 0xF4, bytes.count - start) {
            let index = base.distance(to: found)
            if index + 2 < bytes.count, bytes[index + 1] == 0x8F, bytes[index + 2] & 0xFE == 0xBE { return true }
            start = index + 1
        }
        return false
    }

    private static func mayHoldEscape(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { mayHoldEscape(UnsafeRawBufferPointer($0)) }
    }
}
