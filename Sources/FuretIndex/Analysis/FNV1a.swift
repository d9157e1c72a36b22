/// The 64-bit FNV-1a hash of bytes: fast on the short keys it serves (tokens, sound keys),
/// where every hit is confirmed by comparing the keys themselves.
/// See <http://www.isthe.com/chongo/tech/comp/fnv/>.
enum FNV1a {
    @inline(__always)
    static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
