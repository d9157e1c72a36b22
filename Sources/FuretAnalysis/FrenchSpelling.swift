/// What a folded French word sounds like, roughly: spellings French typists confuse get
/// the same key, so that a correction may take a word two edits away when it sounds the same
/// (`paragrafe` for `paragraphe`, `numerike` for `numerique`, `gestionnere` for
/// `gestionnaire`).
///
/// The key rewrites `ph` → `f`, `qu`/`q`/`ck`/hard `c` → `k`, soft `c` → `s`, `eau`/`au` →
/// `o`, `ai`/`ei` → `e`, `en`/`em` → `an`/`am`, `y` and `ill` → `i`, drops a silent `h` (not
/// in `ch`, `sh`), collapses doubled letters, then drops final silent letters (`s` or `x`,
/// then `e`, then `t` or `d`, each once). It is a key for comparing two words, not a
/// pronunciation.
package enum FrenchSpelling {
    /// The sound key of a lowercase folded word (ASCII letters; other bytes are kept).
    package static func soundKey(of folded: String) -> String {
        let word = Array(folded.utf8)
        var key: [UInt8] = []
        key.reserveCapacity(word.count)
        var index = 0
        func byte(_ offset: Int) -> UInt8 {
            index + offset < word.count ? word[index + offset] : 0
        }
        func emit(_ sound: UInt8, skipping length: Int) {
            if key.last != sound { key.append(sound) }
            index += length
        }
        while index < word.count {
            let (current, next) = (byte(0), byte(1))
            switch current {
            case UInt8(ascii: "p") where next == UInt8(ascii: "h"):
                emit(UInt8(ascii: "f"), skipping: 2)
            case UInt8(ascii: "q"):
                emit(UInt8(ascii: "k"), skipping: next == UInt8(ascii: "u") ? 2 : 1)
            case UInt8(ascii: "c") where next == UInt8(ascii: "k"):
                emit(UInt8(ascii: "k"), skipping: 2)
            case UInt8(ascii: "c") where next != UInt8(ascii: "h"):
                let soft = next == UInt8(ascii: "e") || next == UInt8(ascii: "i") || next == UInt8(ascii: "y")
                emit(soft ? UInt8(ascii: "s") : UInt8(ascii: "k"), skipping: 1)
            case UInt8(ascii: "e") where next == UInt8(ascii: "a") && byte(2) == UInt8(ascii: "u"):
                emit(UInt8(ascii: "o"), skipping: 3)
            case UInt8(ascii: "a") where next == UInt8(ascii: "u"):
                emit(UInt8(ascii: "o"), skipping: 2)
            case UInt8(ascii: "a") where next == UInt8(ascii: "i"), UInt8(ascii: "e") where next == UInt8(ascii: "i"):
                emit(UInt8(ascii: "e"), skipping: 2)
            case UInt8(ascii: "e") where next == UInt8(ascii: "n") || next == UInt8(ascii: "m"):
                emit(UInt8(ascii: "a"), skipping: 1)
            case UInt8(ascii: "y"):
                emit(UInt8(ascii: "i"), skipping: 1)
            case UInt8(ascii: "i") where next == UInt8(ascii: "l") && byte(2) == UInt8(ascii: "l"):
                emit(UInt8(ascii: "i"), skipping: 3)
            case UInt8(ascii: "h") where key.last != UInt8(ascii: "c") && key.last != UInt8(ascii: "s"):
                index += 1
            default:
                emit(current, skipping: 1)
            }
        }
        // Final silent letters, in the order they end a word (`-ets`, `-es`, `-ds`), each
        // once: stripping every final letter of the set would make `pondait` sound as `pont`.
        for silent in ["sx", "e", "td"] where key.count > 3 && silent.utf8.contains(key.last!) {
            key.removeLast()
        }
        return String(decoding: key, as: UTF8.self)
    }
}
