/// Zip archives altered the way a hostile file would be, for the zip bomb tests.
enum ZipFixture {
    /// `archive` with the uncompressed size that `member` declares, in its local header and
    /// central directory entry, replaced by `size`.
    static func declaring(_ size: UInt32, for member: String, in archive: [UInt8]) -> [UInt8] {
        var bytes = archive
        let name = Array(member.utf8)
        // (signature, offset of the name length, offset of the name, offset of the size)
        for (signature, nameLength, nameStart, sizeOffset) in [([0x50, 0x4B, 0x03, 0x04] as [UInt8], 26, 30, 22), ([0x50, 0x4B, 0x01, 0x02], 28, 46, 24)] {
            var index = 0
            while let range = bytes[index...].firstRange(of: signature) {
                let start = range.lowerBound
                index = range.upperBound
                guard start + nameStart + name.count <= bytes.count else { break }
                let length = Int(bytes[start + nameLength]) | Int(bytes[start + nameLength + 1]) << 8
                guard length == name.count, Array(bytes[(start + nameStart)..<(start + nameStart + length)]) == name else { continue }
                for byte in 0..<4 { bytes[start + sizeOffset + byte] = UInt8(truncatingIfNeeded: size >> (8 * UInt32(byte))) }
            }
        }
        return bytes
    }
}
