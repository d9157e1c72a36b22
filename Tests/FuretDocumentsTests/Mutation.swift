/// Random damage to a real file, for the tests that feed formats broken input: bytes
/// replaced or inserted, runs deleted or repeated, the file cut short.
struct Mutation: RandomNumberGenerator {
    /// SplitMix64: small and deterministic, so that a failing case can be replayed.
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `bytes` after one to `maximum` random changes; inserted bytes are drawn from `alphabet`
    /// (the bytes that matter to the format's syntax), when given.
    mutating func mutated(_ bytes: [UInt8], changes maximum: Int, alphabet: [UInt8] = []) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int(next() % UInt64(maximum) + 1) {
            let position = Int(next() % UInt64(bytes.count))
            switch next() % 5 {
            case 0: bytes[position] = UInt8(truncatingIfNeeded: next())
            case 1: bytes.insert(alphabet.isEmpty ? UInt8(truncatingIfNeeded: next()) : alphabet[Int(next() % UInt64(alphabet.count))], at: position)
            case 2: bytes.removeSubrange(position..<min(bytes.count, position + Int(next() % 64)))
            case 3: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + Int(next() % 256))], at: position)
            default: bytes = Array(bytes.prefix(max(position, 1)))
            }
            if bytes.isEmpty { bytes = [0] }
        }
        return bytes
    }
}
