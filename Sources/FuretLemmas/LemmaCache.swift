import FuretAnalysis
import Synchronization

/// The lemmas of words, looked up in Hunspell once per distinct word for the whole process.
///
/// Analyzers cache the forms of frequent words themselves, so this cache only sees their
/// misses; sharing it across connections means a word costs one Hunspell lookup however many
/// connections meet it. Bounded: past ``capacity`` words it starts afresh.
///
/// Words and lemmas are kept as `String`s: French words fit Swift's inline small strings,
/// so an entry costs no heap allocation but its (usually empty) lemma list.
public final class LemmaCache: LemmaSource, Sendable {
    public static let capacity = 300_000

    private let dictionary: HunspellDictionary
    private let cache = Mutex<[String: [String]]>([:])

    public init(dictionary: HunspellDictionary) {
        self.dictionary = dictionary
    }

    public func appendLemmas(of accented: [UInt8], to lemmas: inout [[UInt8]]) {
        let word = String(decoding: accented, as: UTF8.self)
        let found = cache.withLock { $0[word] } ?? lookUp(word, accented)
        for lemma in found { lemmas.append(Array(lemma.utf8)) }
    }

    /// Forgets every cached lemma: the next lookups pay Hunspell again, as in a new process
    /// (benchmarks measure indexing from that cold start).
    public func removeAll() {
        cache.withLock { $0.removeAll() }
    }

    private func lookUp(_ word: String, _ accented: [UInt8]) -> [String] {
        let found = dictionary.lemmas(of: accented).map { String(decoding: $0, as: UTF8.self) }
        cache.withLock { cache in
            if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
            cache[word] = found
        }
        return found
    }
}

/// The French lemma dictionary and its cache, shared by every analyzer of the process.
public enum LemmaDictionary {
    private static let shared = Result { () throws(LemmaError) in
        defer { isLoaded.store(true, ordering: .releasing) }
        return try HunspellDictionary(aff: HunspellDictionary.debianFrench.aff, dic: HunspellDictionary.debianFrench.dic)
    }
    /// Whether ``shared`` was asked for: ending bulk lookups must not load the dictionary.
    private static let isLoaded = Atomic<Bool>(false)
    private static let cache = Result { () throws(LemmaError) in LemmaCache(dictionary: try shared.get()) }

    /// The process-wide lemma cache over Debian's French dictionary, loaded on first use.
    public static func sharedCache() throws(LemmaError) -> LemmaCache {
        try cache.get()
    }

    /// Whether the French dictionary knows `word` (in any case): whether it has a lemma.
    /// `false` when the dictionary is missing.
    public static func knows(_ word: String) -> Bool {
        guard let cache = try? cache.get() else { return false }
        var lemmas: [[UInt8]] = []
        cache.appendLemmas(of: Array(word.lowercased().utf8), to: &lemmas)
        return !lemmas.isEmpty
    }

    /// Makes the lookups of many new words (a large write) cheaper, for 12 MB of memory
    /// (see ``HunspellDictionary/openBulkHandle()``) until ``endBulkLookups()``.
    public static func beginBulkLookups() {
        try? shared.get().openBulkHandle()
    }

    /// Gives back the memory ``beginBulkLookups()`` took, once indexing is over.
    public static func endBulkLookups() {
        guard isLoaded.load(ordering: .acquiring) else { return }
        try? shared.get().closeBulkHandle()
    }
}
