/// Up to seven bytes of UTF-8 packed in one integer: the length in the low byte, then the
/// bytes, little-endian. A scalar's lowercase forms (three bytes at most in French text)
/// travel in it without allocation or reference counting.
struct ShortUTF8: Sendable {
    static let capacity = 7

    private let packed: UInt64

    /// Packs `bytes`, or `nil` when there are more than ``capacity``.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count <= Self.capacity else { return nil }
        var packed = UInt64(bytes.count)
        for (index, byte) in bytes.enumerated() {
            packed |= UInt64(byte) << (8 * (index + 1))
        }
        self.packed = packed
    }

    var count: Int {
        Int(truncatingIfNeeded: packed & 0xFF)
    }

    /// Writes the bytes at `destination`, which must have room for eight: all eight are
    /// written, in one store, and those past ``count`` are garbage to overwrite.
    @inline(__always)
    func store(at destination: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(destination).storeBytes(of: (packed >> 8).littleEndian, as: UInt64.self)
    }

    func append(to buffer: inout [UInt8]) {
        for index in 0..<count {
            buffer.append(UInt8(truncatingIfNeeded: packed >> (8 * (index + 1))))
        }
    }
}
