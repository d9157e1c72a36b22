import FuretAnalysis
import GRDB
import Synchronization

/// The words of the documents, folded, for correcting query words typed with a mistake
/// (see ``TypoCorrector``): `fermuture` finds `fermeture` here.
///
/// Only words of ``shortestWord`` to ``longestWord`` ASCII letters are kept: shorter words
/// are never corrected, and numbers, codes and non-Latin words are not what people mistype
/// in French.
///
/// Every analyzer of documents records the words whose forms it computes (at least once per
/// distinct word, as for ``AccentVocabulary``); ``save(_:)`` writes the new ones to `words`
/// in the indexing transaction, and the vocabulary is loaded when the index opens. Words of
/// deleted documents stay: a correction to them finds nothing and is dropped.
///
/// Lookups search ``SortedWords``: a large list built when the index opens, and a small one
/// of the words added since, rebuilt by ``save(_:)`` on the writer's thread (never by a
/// search) and merged into the large one once it holds a quarter as many words, so that
/// indexing sorts each word a few times at most. A vocabulary kept in memory only (the
/// cluster router's) sorts its words in with ``sortInRecorded()`` instead.
package final class FuzzyVocabulary: Sendable {
    static let shortestWord = 4
    static let longestWord = 32

    private struct State {
        var main = SortedWords([])
        var recent = SortedWords([])
        /// Recorded but not yet in a sorted list (until the next save).
        var pending: Set<String> = []

        func contains(_ word: String) -> Bool {
            let bytes = Array(word.utf8)
            return main.contains(bytes) || recent.contains(bytes) || pending.contains(word)
        }
    }

    private let state = Mutex(State())

    package init() {}

    /// Records a folded word; cheap when already known, ignored when out of scope.
    package func record(folded: UnsafeBufferPointer<UInt8>) {
        guard (Self.shortestWord...Self.longestWord).contains(folded.count),
              folded.allSatisfy({ (0x61...0x7A).contains($0) }) else { return }
        let word = String(decoding: folded, as: UTF8.self)
        state.withLock { state in
            if !state.contains(word) { state.pending.insert(word) }
        }
    }

    /// Whether documents have the folded `word`.
    package func contains(_ word: String) -> Bool {
        state.withLock { $0.contains(word) }
    }

    /// The words within `distance` edits of `word` (Damerau–Levenshtein, optimal string
    /// alignment: a swap of two neighbours costs one), with their distance, and the words
    /// that sound like it (``FrenchSpelling/soundKey(of:)``), with `distance` + 1 for theirs.
    func words(near word: String, distance: Int) -> [(word: String, distance: Int)] {
        let (main, recent) = state.withLock { ($0.main, $0.recent) }
        let query = Array(word.utf8)
        return main.words(near: query, distance: distance) + recent.words(near: query, distance: distance)
    }

    func load(_ db: Database) throws {
        let words = try String.fetchAll(db, sql: "SELECT word FROM words")
        let main = SortedWords(words)
        state.withLock { state in
            state.main = main
            state.recent = SortedWords([])
        }
    }

    /// Writes the words recorded since the last save, and sorts them in.
    func save(_ db: Database) throws {
        let unsaved = state.withLock { $0.pending }
        guard !unsaved.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO words(word) VALUES (?)")
        for word in unsaved {
            try insert.execute(arguments: [word])
        }
        sortIn(unsaved)
    }

    /// Sorts the words recorded since the last call into the lists searched, writing them
    /// nowhere. One caller at a time, as ``save(_:)``.
    package func sortInRecorded() {
        let unsaved = state.withLock { $0.pending }
        if !unsaved.isEmpty { sortIn(unsaved) }
    }

    /// Moves `unsaved` from the recorded words to the small sorted list, merged into the
    /// large one once it holds a quarter as many.
    private func sortIn(_ unsaved: Set<String>) {
        let (main, recent) = state.withLock { ($0.main, $0.recent) }
        var merged = (main: main, recent: SortedWords(recent.words + unsaved))
        if merged.recent.count > max(4_096, main.count / 4) {
            merged = (SortedWords(main.words + merged.recent.words), SortedWords([]))
        }
        state.withLock { state in
            state.pending.subtract(unsaved)
            (state.main, state.recent) = merged
        }
    }
}

/// Words in byte order in one buffer, searched by edit distance without comparing the query
/// with every word, and by French sound.
///
/// The edit-distance search is the dynamic programme of the distance run down the trie the
/// sorted list implies: the row of a prefix is computed once for all the words that share
/// it, and when every cell of a row passes the distance allowed, no word with that prefix
/// can come back within it, so they are all skipped at once (found by binary search). This
/// is what a Levenshtein automaton does over a sorted dictionary: a few thousand rows for a
/// query instead of a table per word.
final class SortedWords: Sendable {
    private let bytes: [UInt8]
    /// Where each word starts in `bytes`, and the end of the last.
    private let starts: [Int32]
    /// Each word's sound key hashed to 32 bits (high half) with the word's index (low half),
    /// in order: words that sound alike are neighbours here. Eight bytes a word, not the
    /// sixteen of a (hash, index) pair: 0.9 MB less for the 110,000 words of both corpora.
    private let sounds: [UInt64]

    init(_ words: some Collection<String>) {
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        starts.reserveCapacity(words.count + 1)
        for word in Set(words).sorted() {
            bytes.append(contentsOf: word.utf8)
            starts.append(Int32(bytes.count))
        }
        self.bytes = bytes
        self.starts = starts
        sounds = (0..<starts.count - 1).map { index in
            UInt64(Self.soundHash(of: String(decoding: bytes[Int(starts[index])..<Int(starts[index + 1])], as: UTF8.self))) << 32
                | UInt64(index)
        }.sorted()
    }

    var count: Int { starts.count - 1 }

    /// Every word, in order.
    var words: [String] {
        (0..<count).map { String(decoding: bytes[range($0)], as: UTF8.self) }
    }

    private func range(_ index: Int) -> Range<Int> {
        Int(starts[index])..<Int(starts[index + 1])
    }

    private static func soundHash(of word: String) -> UInt32 {
        // Equal hashes are confirmed by comparing the keys.
        let hash = FNV1a.hash(FrenchSpelling.soundKey(of: word).utf8)
        return UInt32(truncatingIfNeeded: hash ^ hash >> 32)
    }

    func contains(_ word: [UInt8]) -> Bool {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            let candidate = bytes[range(middle)]
            if candidate.lexicographicallyPrecedes(word) {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low < count && bytes[range(low)].elementsEqual(word)
    }

    /// The words within `maximum` edits of `query`, and those with its sound key (at their
    /// distance, however far).
    func words(near query: [UInt8], distance maximum: Int) -> [(word: String, distance: Int)] {
        var found = words(within: maximum, of: query)
        let key = FrenchSpelling.soundKey(of: String(decoding: query, as: UTF8.self))
        let hash = UInt64(Self.soundHash(of: String(decoding: query, as: UTF8.self)))
        var low = 0, high = sounds.count
        while low < high {
            let middle = (low + high) / 2
            if sounds[middle] >> 32 < hash { low = middle + 1 } else { high = middle }
        }
        while low < sounds.count, sounds[low] >> 32 == hash {
            let word = String(decoding: bytes[range(Int(sounds[low] & 0xFFFF_FFFF))], as: UTF8.self)
            if FrenchSpelling.soundKey(of: word) == key, !found.contains(where: { $0.word == word }) {
                found.append((word, Self.distance(Array(word.utf8), query)))
            }
            low += 1
        }
        return found
    }

    /// The optimal string alignment distance between two words.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        SortedWords([String(decoding: a, as: UTF8.self)]).words(within: max(a.count, b.count), of: b).first?.distance ?? 0
    }

    /// The words within `maximum` edits of `query`, with their distance.
    func words(within maximum: Int, of query: [UInt8]) -> [(word: String, distance: Int)] {
        let columns = query.count + 1
        // rows[d * columns + j]: the distance between the word's first d bytes and the
        // query's first j bytes (optimal string alignment).
        var rows = [Int32](repeating: 0, count: (FuzzyVocabulary.longestWord + 2) * columns)
        var found: [(word: String, distance: Int)] = []
        bytes.withUnsafeBufferPointer { bytes in
            query.withUnsafeBufferPointer { query in
                rows.withUnsafeMutableBufferPointer { rows in
                    for j in 0..<columns { rows[j] = Int32(j) }
                    var previous = 0..<0
                    // Rows 0...validDepth hold the prefix of `previous` of that length.
                    var validDepth = 0
                    var index = 0
                    while index < count {
                        let word = range(index)
                        var depth = min(validDepth, commonPrefix(word, previous, bytes))
                        var pruned = false
                        while depth < word.count {
                            let byte = bytes[word.lowerBound + depth]
                            let before = depth > 0 ? bytes[word.lowerBound + depth - 1] : 0
                            let row = (depth + 1) * columns
                            rows[row] = Int32(depth + 1)
                            // Only cells within `maximum` of the diagonal can be within
                            // `maximum`; the cells just outside the band read as beyond it.
                            let low = max(1, depth + 1 - maximum), high = min(columns - 1, depth + 1 + maximum)
                            if low > 1 { rows[row + low - 1] = Int32(maximum + 1) }
                            if high + 1 < columns { rows[row + high + 1] = Int32(maximum + 1) }
                            var smallest = low == 1 ? Int32(depth + 1) : Int32(maximum + 1)
                            for j in stride(from: low, through: high, by: 1) {
                                let substitution = rows[row - columns + j - 1] + (query[j - 1] == byte ? 0 : 1)
                                var value = min(rows[row - columns + j] + 1, rows[row + j - 1] + 1, substitution)
                                if depth > 0, j > 1, query[j - 2] == byte, query[j - 1] == before {
                                    value = min(value, rows[row - 2 * columns + j - 2] + 1)
                                }
                                rows[row + j] = value
                                smallest = min(smallest, value)
                            }
                            depth += 1
                            // A later row's cell is never below this row's smallest (a swap's
                            // cell is bounded by the substitution before it): the whole subtree is out.
                            if Int(smallest) > maximum {
                                pruned = true
                                break
                            }
                        }
                        validDepth = depth
                        previous = word
                        if pruned {
                            index = firstIndex(after: index, notStartingWith: word.lowerBound..<word.lowerBound + depth, bytes)
                            continue
                        }
                        let distance = abs(depth - (columns - 1)) > maximum ? maximum + 1 : Int(rows[depth * columns + columns - 1])
                        if distance <= maximum {
                            found.append((String(decoding: bytes[word], as: UTF8.self), distance))
                        }
                        index += 1
                    }
                }
            }
        }
        return found
    }

    private func commonPrefix(_ a: Range<Int>, _ b: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var length = 0
        while length < a.count, length < b.count, bytes[a.lowerBound + length] == bytes[b.lowerBound + length] {
            length += 1
        }
        return length
    }

    /// The first word after `index` that does not start with the bytes of `prefix` (which
    /// the word at `index` starts with). Such words are contiguous and usually few: gallop
    /// forward, then search the last step by halves.
    private func firstIndex(after index: Int, notStartingWith prefix: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        func hasPrefix(_ position: Int) -> Bool {
            let word = range(position)
            guard word.count >= prefix.count else { return false }
            for offset in 0..<prefix.count where bytes[word.lowerBound + offset] != bytes[prefix.lowerBound + offset] {
                return false
            }
            return true
        }
        // Words in index + 1 ..< low have the prefix; `high` is the end or a word without it.
        var low = index + 1
        var high = index + 1
        var step = 1
        while high < count, hasPrefix(high) {
            low = high + 1
            high = min(count, index + 1 + step)
            step *= 2
        }
        while low < high {
            let middle = (low + high) / 2
            if hasPrefix(middle) { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
