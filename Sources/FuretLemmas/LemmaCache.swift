import Foundation
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

    /// The dictionary, asked for at the first word not cached: ``LemmaDictionary`` loads it
    /// then if it is not loaded yet (`nil` when Hunspell cannot open it).
    private let dictionary: @Sendable () -> HunspellDictionary?
    private let cache = Mutex<[String: [String]]>([:])

    public init(dictionary: HunspellDictionary) {
        self.dictionary = { dictionary }
    }

    init(loading dictionary: @escaping @Sendable () -> HunspellDictionary?) {
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
        let found = (dictionary()?.lemmas(of: accented) ?? []).map { String(decoding: $0, as: UTF8.self) }
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
    /// Made without loading the dictionary, once its files are known to be there: opening an
    /// index (whose FTS5 tokenizer asks for this cache) does not wait for Hunspell, which
    /// loads at the first word to look up, or ahead of it (``loadInBackground()``).
    private static let cache = Result { () throws(LemmaError) in
        try HunspellDictionary.checkReadable(aff: HunspellDictionary.debianFrench.aff, dic: HunspellDictionary.debianFrench.dic)
        return LemmaCache(loading: { try? shared.get() })
    }

    /// The process-wide lemma cache over Debian's French dictionary, loaded on first use.
    /// - Throws: ``LemmaError/dictionaryMissing(_:)`` when a file of the dictionary is not there.
    public static func sharedCache() throws(LemmaError) -> LemmaCache {
        try cache.get()
    }

    /// Loads the dictionary on a thread of its own (about 0.15 s of one core), so that it is
    /// ready when the first words come: `furetd` starts reading files meanwhile, instead of
    /// leaving the second core idle while it loads. A lookup that comes first waits for it.
    /// The files were found at start, but Hunspell may still fail to open them; lookups then
    /// give no lemmas, so `failed` is told, for the daemon's log to say why.
    public static func loadInBackground(failed: @escaping @Sendable (LemmaError) -> Void) {
        Thread.detachNewThread {
            if case .failure(let error) = shared { failed(error) }
        }
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
