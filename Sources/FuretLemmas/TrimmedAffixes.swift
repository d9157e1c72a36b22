import Foundation

/// A copy of a `FLAG long` affix file (Debian's French one) without the two things that make
/// every Hunspell lookup slow, and the words that copy could answer differently (``routed``),
/// which must go to the unmodified dictionary.
///
/// `Hunspell_stem` lists every analysis of a word. In `fr_FR.aff`:
/// - the elision prefixes (`l'`, `qu'`, `s'`…) are continuation flags of thousands of suffix
///   rules, which makes Hunspell try two-level suffixes on every word. They can only match a
///   word holding an apostrophe after Hunspell's input conversion (`ICONV`). The copy drops
///   those prefix classes and their flags; words with `'` or an `ICONV` source (`’`, `ʼ`,
///   ligatures, decomposed accents) are routed. Furet's words have neither.
/// - two prefix rules with an empty affix (`PFX Um 0 0/S. .`) match every word and each
///   reruns a suffix scan. They only apply to roots carrying their flag (40 units: `mètre`,
///   `seconde`, `gramme`…). The copy drops them; words containing such a root are routed.
///
/// Measured on the 87,841 words of `eltec-fr` and all 440,415 forms the dictionary generates:
/// every lemma list identical to the unmodified dictionary's, in the same order; a cold lookup
/// costs 10 µs instead of 22 (one thread), 200 of the corpus's words are routed.
struct TrimmedAffixes {
    /// The trimmed affix file.
    let text: [UInt8]
    /// Byte strings: a word containing one goes to the unmodified dictionary.
    let routed: [[UInt8]]

    private static let space = UInt8(ascii: " "), slash = UInt8(ascii: "/"), newline = UInt8(ascii: "\n")

    /// `nil` when a file cannot be read or the affix file does not use `FLAG long`.
    init?(aff: String, dic: String) {
        guard let affix = FileManager.default.contents(atPath: aff).map(Array.init),
              let dictionary = FileManager.default.contents(atPath: dic).map(Array.init) else { return nil }
        let rawLines = affix.split(separator: Self.newline, omittingEmptySubsequences: false)
        let lines = rawLines.map { $0.split(separator: Self.space) }
        guard lines.contains(where: { $0.count >= 2 && Self.equals($0[0], "FLAG") && Self.equals($0[1], "long") }) else {
            return nil
        }
        // Per prefix class: its rules, those adding an apostrophe, those with an empty affix.
        var prefixes: [UInt16: (rules: Int, apostrophes: Int, empty: Int)] = [:]
        var routed = [Array("'".utf8)]
        for fields in lines {
            if fields.count > 4, Self.equals(fields[0], "PFX"), let flag = Self.flag(fields[1]) {
                let added = Self.affix(fields[3])
                var counts = prefixes[flag, default: (0, 0, 0)]
                counts.rules += 1
                if added.contains(UInt8(ascii: "'")) || Self.containsRightQuote(added) { counts.apostrophes += 1 }
                if Self.equals(added, "0") { counts.empty += 1 }
                prefixes[flag] = counts
            } else if fields.count == 3, Self.equals(fields[0], "ICONV") {
                routed.append(Array(fields[1]))
            }
        }
        let elisions = Set(prefixes.filter { $0.value.apostrophes == $0.value.rules }.keys)
        let emptyRules = prefixes.filter { !elisions.contains($0.key) && $0.value.empty > 0 }.mapValues(\.empty)
        text = Self.trimmed(rawLines, dropping: elisions, emptyRules: emptyRules)
        self.routed = routed + Self.roots(in: dictionary, withAnyOf: Set(emptyRules.keys))
    }

    /// The affix file without the elision classes, their flags in suffix continuation
    /// classes, and the empty-affix prefix rules (their classes' rule counts lowered); other
    /// lines as they are.
    private static func trimmed(_ lines: [ArraySlice<UInt8>], dropping elisions: Set<UInt16>, emptyRules: [UInt16: Int]) -> [UInt8] {
        var output: [UInt8] = []
        for line in lines {
            var fields = line.split(separator: space)
            let isPrefix = fields.count >= 2 && equals(fields[0], "PFX")
            let isSuffix = fields.count > 4 && equals(fields[0], "SFX")
            let flag = fields.count >= 2 ? Self.flag(fields[1]) : nil
            if isPrefix, let flag, elisions.contains(flag) { continue }
            if isPrefix, fields.count > 4, equals(affix(fields[3]), "0") { continue }
            if isPrefix, fields.count == 4, let flag, let removed = emptyRules[flag], let count = Int(String(decoding: fields[3], as: UTF8.self)) {
                // The class header: `PFX Um Y 3`.
                fields[3] = ArraySlice(String(count - removed).utf8)
            } else if isSuffix, let slashIndex = fields[3].firstIndex(of: slash) {
                let kept = flags(fields[3][(slashIndex + 1)...]).filter { !elisions.contains($0) }
                var field = Array(fields[3][..<slashIndex])
                if !kept.isEmpty { field += [slash] + kept.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
                fields[3] = ArraySlice(field)
            } else {
                output += line + [newline]
                continue
            }
            output += Array(fields.joined(separator: [space])) + [newline]
        }
        return output
    }

    /// The roots of the `.dic` file carrying one of `flags`.
    private static func roots(in dictionary: [UInt8], withAnyOf flags: Set<UInt16>) -> [[UInt8]] {
        guard !flags.isEmpty else { return [] }
        // The first line is the entry count; an entry is `root/FLAGS` then optional fields.
        return dictionary.split(separator: newline).dropFirst().compactMap { line in
            let entry = line.prefix { $0 != space && $0 != UInt8(ascii: "\t") }
            guard let slashIndex = entry.firstIndex(of: slash) else { return nil }
            return Self.flags(entry[(slashIndex + 1)...]).contains(where: flags.contains) ? Array(entry[..<slashIndex]) : nil
        }
    }

    /// Writes ``text`` to a new private temporary file; its path, or `nil` on failure.
    func writeTemporaryFile() -> String? {
        var template = Array((NSTemporaryDirectory() + "/furet-hunspell-XXXXXX.aff").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let written = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == text.count else {
            unlink(path)
            return nil
        }
        return path
    }

    private static func equals(_ field: ArraySlice<UInt8>, _ word: String) -> Bool {
        field.elementsEqual(word.utf8)
    }

    /// The affix of a rule's field, without its continuation flags (`ons/Um` → `ons`).
    private static func affix(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        field.prefix { $0 != slash }
    }

    /// A flag of `FLAG long`: two bytes.
    private static func flag(_ field: ArraySlice<UInt8>) -> UInt16? {
        field.count == 2 ? UInt16(field.first!) << 8 | UInt16(field.last!) : nil
    }

    private static func flags(_ bytes: ArraySlice<UInt8>) -> [UInt16] {
        stride(from: bytes.startIndex, to: bytes.endIndex - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    }

    private static func containsRightQuote(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.indices.contains { bytes[$0...].starts(with: "’".utf8) }
    }
}
