import CHunspell
import Glibc
import Synchronization

/// A Hunspell dictionary, used for its morphology: the lemmas (`stem` in Hunspell's terms)
/// of a word form.
///
/// Lookups go to a handle over a trimmed copy of the affix file (``TrimmedAffixes``), twice
/// as fast with the same lemmas, except the few words that copy could answer differently,
/// which go to a handle over the unmodified dictionary. Hunspell is not thread-safe: each
/// handle has its own lock. A lookup still costs microseconds: callers cache results (see
/// ``LemmaCache``).
///
/// Measured on `eltec-fr` (no lemma cached; `Tools/bench`, tokenizer section): its analysis
/// alone went from 3.9 to 2.6 s, indexing it from 0.47 to 0.58 times raw FTS5's throughput.
/// A second fast handle, letting the analysis worker and the writer helping it look words up
/// at the same time, changed nothing (0.579 against 0.582) and costs 12 MB.
public final class HunspellDictionary: Sendable {
    /// Where Debian's `hunspell-fr` installs the French dictionary.
    public static let debianFrench = (aff: "/usr/share/hunspell/fr_FR.aff", dic: "/usr/share/hunspell/fr_FR.dic")

    /// Handles over the trimmed affix file; none when it could not be made (then
    /// ``unmodified`` serves every word).
    private let fast: [Handle]
    /// The dictionary as installed.
    private let unmodified: Handle
    /// The words that go to ``unmodified``.
    private let routed: RoutedWords
    /// Where the next lookup starts looking for a free fast handle.
    private let turn = Atomic<Int>(0)

    /// Opens the dictionary at `aff`/`dic` with `fastHandles` handles over its trimmed copy
    /// (0: the unmodified dictionary serves every word), used in turn, the first free one
    /// first.
    ///
    /// Each handle costs about 50 ms to open and 12 MB of memory.
    /// - Throws: ``LemmaError/dictionaryMissing(_:)`` when a file is not there.
    public init(aff: String, dic: String, fastHandles: Int = 1) throws(LemmaError) {
        for path in [aff, dic] where access(path, R_OK) != 0 {
            throw .dictionaryMissing(path)
        }
        // Hunspell sets up global tables when a handle is created: handles are created one
        // at a time, here.
        guard let handle = Hunspell_create(aff, dic) else { throw .dictionaryMissing(dic) }
        unmodified = Handle(handle)
        var fast: [Handle] = []
        var routed = RoutedWords([])
        if fastHandles > 0, let trimmed = TrimmedAffixes(aff: aff, dic: dic), let path = trimmed.writeTemporaryFile() {
            defer { unlink(path) }
            for _ in 0..<fastHandles {
                guard let handle = Hunspell_create(path, dic) else { break }
                fast.append(Handle(handle))
            }
            routed = RoutedWords(trimmed.routed)
        }
        self.fast = fast
        self.routed = routed
    }

    /// The lemmas of a lowercase UTF-8 word, as Hunspell spells them; empty when unknown.
    public func lemmas(of word: [UInt8]) -> [[UInt8]] {
        let cString = word + [0]
        if fast.isEmpty || routed.contains(word) {
            return unmodified.lock.withLock { Self.stem(cString, with: $0.pointer) }
        }
        // The first free handle, else wait for the one this turn starts at.
        let first = Int(UInt(bitPattern: turn.wrappingAdd(1, ordering: .relaxed).oldValue) % UInt(fast.count))
        for offset in 0..<fast.count {
            let handle = fast[(first + offset) % fast.count]
            if let found = handle.lock.withLockIfAvailable({ Self.stem(cString, with: $0.pointer) }) { return found }
        }
        return fast[first].lock.withLock { Self.stem(cString, with: $0.pointer) }
    }

    private static func stem(_ cString: [UInt8], with handle: OpaquePointer) -> [[UInt8]] {
        var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        let count = cString.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { Hunspell_stem(handle, &list, $0.baseAddress) }
        }
        defer { Hunspell_free_list(handle, &list, count) }
        guard let list, count > 0 else { return [] }
        return (0..<Int(count)).compactMap { index in
            list[index].map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
        }
    }
}

/// Words containing one of a set of byte strings, checked in a pass over the word's bytes:
/// the strings are listed by their first byte.
private struct RoutedWords: Sendable {
    private var byFirstByte = [[[UInt8]]](repeating: [], count: 256)

    init(_ parts: [[UInt8]]) {
        for part in parts where !part.isEmpty { byFirstByte[Int(part[0])].append(part) }
    }

    func contains(_ word: [UInt8]) -> Bool {
        word.indices.contains { start in
            byFirstByte[Int(word[start])].contains { part in
                part.count <= word.count - start && word[start..<(start + part.count)].elementsEqual(part)
            }
        }
    }
}

/// One Hunspell handle and its lock (a class: a `Mutex` cannot be copied into an array).
private final class Handle: Sendable {
    let lock: Mutex<OpaquePointerBox>

    init(_ pointer: OpaquePointer) {
        lock = Mutex(OpaquePointerBox(pointer: pointer))
    }

    deinit {
        lock.withLock { Hunspell_destroy($0.pointer) }
    }
}

/// Hunspell's handle, moved in and out of its mutex.
///
/// `@unchecked Sendable`: the pointer is only dereferenced by Hunspell with its lock held.
struct OpaquePointerBox: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Errors opening lemma dictionaries.
public enum LemmaError: Error, CustomStringConvertible, Sendable, Equatable {
    case dictionaryMissing(String)

    public var description: String {
        switch self {
        case .dictionaryMissing(let path):
            "Hunspell dictionary \(path) is missing (Debian package hunspell-fr)"
        }
    }
}
