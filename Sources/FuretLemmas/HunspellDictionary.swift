import CHunspell
import Glibc
import Synchronization

/// A Hunspell dictionary, used for its morphology: the lemmas (`stem` in Hunspell's terms)
/// of a word form.
///
/// During bulk work (``openBulkHandle()``, e.g. indexing a folder), lookups go to a handle
/// over a trimmed copy of the affix file (``TrimmedAffixes``), twice as fast with the same
/// lemmas, except the few words that copy could answer differently; those, and every lookup
/// outside bulk work, go to a handle over the unmodified dictionary. The trimmed handle costs
/// 12 MB and takes about 70 ms to open: it is opened for large writes and closed
/// (``closeBulkHandle()``) once indexing is over. Hunspell is not thread-safe: each handle has
/// its own lock. A lookup still costs microseconds: callers cache results (see
/// ``LemmaCache``).
///
/// Measured on `eltec-fr` (no lemma cached; `Tools/bench`, tokenizer section): its analysis
/// alone went from 3.9 to 2.6 s, indexing it from 0.47 to 0.58 times raw FTS5's throughput.
/// A second trimmed handle, letting the analysis worker and the writer helping it look words
/// up at the same time, changed nothing (0.579 against 0.582).
public final class HunspellDictionary: Sendable {
    /// Where Debian's `hunspell-fr` installs the French dictionary.
    public static let debianFrench = (aff: "/usr/share/hunspell/fr_FR.aff", dic: "/usr/share/hunspell/fr_FR.dic")

    /// The dictionary as installed.
    private let unmodified: Mutex<OpaquePointerBox>
    /// The trimmed copy, `nil` when it could not be made (then ``unmodified`` serves every word).
    private let trimmed: TrimmedAffixes?
    private let dic: String
    /// The words that go to ``unmodified`` even during bulk work.
    private let routed: RoutedWords
    /// The handle over the trimmed copy while bulk work goes on.
    private let bulk = Mutex<OpaquePointerBox?>(nil)

    /// Opens the dictionary at `aff`/`dic`; `trimmedCopy: false` leaves every lookup to the
    /// unmodified dictionary.
    /// - Throws: ``LemmaError/dictionaryMissing(_:)`` when a file is not there.
    public init(aff: String, dic: String, trimmedCopy: Bool = true) throws(LemmaError) {
        try Self.checkReadable(aff: aff, dic: dic)
        guard let handle = Self.create(aff: aff, dic: dic) else { throw .dictionaryMissing(dic) }
        unmodified = Mutex(handle)
        self.dic = dic
        trimmed = trimmedCopy ? TrimmedAffixes(aff: aff, dic: dic) : nil
        routed = RoutedWords(trimmed?.routed ?? [])
    }

    /// - Throws: ``LemmaError/dictionaryMissing(_:)`` when `aff` or `dic` cannot be read.
    static func checkReadable(aff: String, dic: String) throws(LemmaError) {
        for path in [aff, dic] where access(path, R_OK) != 0 {
            throw .dictionaryMissing(path)
        }
    }

    deinit {
        unmodified.withLock { Self.destroy($0) }
        closeBulkHandle()
    }

    /// The lemmas of a lowercase UTF-8 word, as Hunspell spells them; empty when unknown.
    public func lemmas(of word: [UInt8]) -> [[UInt8]] {
        let cString = word + [0]
        if trimmed != nil, !routed.contains(word),
           let found = bulk.withLock({ handle in handle.map { Self.stem(cString, with: $0.pointer) } }) {
            return found
        }
        return unmodified.withLock { Self.stem(cString, with: $0.pointer) }
    }

    /// Opens the trimmed handle, if it is not open already, for bulk work.
    public func openBulkHandle() {
        guard let trimmed else { return }
        bulk.withLock { handle in
            if handle == nil { handle = Self.open(trimmed, dic: dic) }
        }
    }

    /// Closes the trimmed handle, giving its memory back.
    public func closeBulkHandle() {
        bulk.withLock { handle in
            if let open = handle { Self.destroy(open) }
            handle = nil
        }
    }

    private static func open(_ trimmed: TrimmedAffixes, dic: String) -> OpaquePointerBox? {
        guard let path = trimmed.writeTemporaryFile() else { return nil }
        defer { unlink(path) }
        return create(aff: path, dic: dic)
    }

    /// Hunspell sets up global tables as handles are created and destroyed: one at a time.
    private static let lifecycle = Mutex(())

    private static func create(aff: String, dic: String) -> OpaquePointerBox? {
        lifecycle.withLock { _ in Hunspell_create(aff, dic).map(OpaquePointerBox.init) }
    }

    private static func destroy(_ handle: OpaquePointerBox) {
        lifecycle.withLock { _ in Hunspell_destroy(handle.pointer) }
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

/// Hunspell's handle, moved in and out of its mutex.
///
/// `@unchecked Sendable`: the pointer is only dereferenced by Hunspell with its lock held.
struct OpaquePointerBox: @unchecked Sendable {
    let pointer: OpaquePointer
}
