/// A word's bytes as a dictionary key, hashed once with 64-bit FNV-1a.
///
/// The standard `[UInt8]` key feeds every byte through SipHash, which dominated analysis
/// time in profiles; a word is short, so one cheap hash of its bytes does better.
struct WordKey: Hashable {
    let bytes: [UInt8]
    private let fingerprint: UInt64

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        fingerprint = hash
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(fingerprint)
    }

    static func == (lhs: WordKey, rhs: WordKey) -> Bool {
        lhs.fingerprint == rhs.fingerprint && lhs.bytes == rhs.bytes
    }
}
