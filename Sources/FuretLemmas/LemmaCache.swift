import FuretAnalysis

/// The lemmas of words, looked up once per distinct word: a ``LemmaSource`` for one analyzer.
///
/// Word frequencies are Zipfian, so a small cache answers nearly every lookup; it is
/// per analyzer (one per SQLite connection), so hits take no lock. The cache is bounded:
/// past ``capacity`` words it starts afresh, which keeps memory flat on huge vocabularies.
public final class LemmaCache: LemmaSource {
    public static let capacity = 200_000

    private let dictionary: HunspellDictionary
    private var cache: [[UInt8]: [[UInt8]]] = [:]

    public init(dictionary: HunspellDictionary) {
        self.dictionary = dictionary
    }

    public func appendLemmas(of accented: [UInt8], to lemmas: inout [[UInt8]]) {
        if let cached = cache[accented] {
            lemmas.append(contentsOf: cached)
            return
        }
        let found = dictionary.lemmas(of: accented)
        if cache.count >= Self.capacity { cache.removeAll(keepingCapacity: true) }
        cache[accented] = found
        lemmas.append(contentsOf: found)
    }
}

/// The French lemma dictionary shared by every analyzer of the process.
public enum LemmaDictionary {
    private static let shared = Result { () throws(LemmaError) in
        try HunspellDictionary(aff: HunspellDictionary.debianFrench.aff, dic: HunspellDictionary.debianFrench.dic)
    }

    /// A new per-analyzer cache over Debian's French dictionary, loaded once per process.
    public static func sharedCache() throws(LemmaError) -> LemmaCache {
        LemmaCache(dictionary: try shared.get())
    }
}
