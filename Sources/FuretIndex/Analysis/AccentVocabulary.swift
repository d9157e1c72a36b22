import GRDB
import Synchronization

/// The accented spellings of words seen in documents, by folded spelling:
/// `premiere` → {`première`}, `eleve` → {`élève`, `élevé`}.
///
/// A query word typed without accents is ambiguous: `premiere` stems to `premier`, while
/// the accented word stems to `premi` and has the lemma `premier`. Restoring the accents
/// the corpus actually uses lets the query also carry those forms (see ``QueryCompiler``).
///
/// Every analyzer of documents (the `french` tokenizer and ``DocumentAnalysis``'s) records
/// the spellings of the words it analyses; ``save(_:)``
/// persists the new ones in `accented_words` inside the indexing transaction, and the
/// vocabulary is loaded when the index opens. Spellings of deleted documents stay: they can
/// only add query alternatives that match nothing.
package final class AccentVocabulary: Sendable {
    private struct State {
        /// Spellings separated by spaces (words have none): most words have one spelling,
        /// short enough to be stored inline, so an entry rarely allocates.
        var spellings: [String: String] = [:]
        var unsaved: [(folded: String, accented: String)] = []

        mutating func insert(_ accented: String, for folded: String) -> Bool {
            guard let known = spellings[folded] else {
                spellings[folded] = accented
                return true
            }
            guard !known.split(separator: " ").contains(Substring(accented)) else { return false }
            spellings[folded] = known + " " + accented
            return true
        }
    }

    private let state = Mutex(State())

    package init() {}

    /// Records a spelling; cheap when already known.
    package func record(accented: UnsafeBufferPointer<UInt8>, folded: UnsafeBufferPointer<UInt8>) {
        let foldedWord = String(decoding: folded, as: UTF8.self)
        let accentedWord = String(decoding: accented, as: UTF8.self)
        state.withLock { state in
            if state.insert(accentedWord, for: foldedWord) {
                state.unsaved.append((foldedWord, accentedWord))
            }
        }
    }

    /// The accented spellings of a folded word.
    func spellings(of folded: String) -> Set<String> {
        state.withLock { state in Set((state.spellings[folded] ?? "").split(separator: " ").map(String.init)) }
    }

    func load(_ db: Database) throws {
        let rows = try Row.fetchAll(db, sql: "SELECT folded, accented FROM accented_words")
        state.withLock { state in
            for row in rows {
                _ = state.insert(row[1], for: row[0])
            }
        }
    }

    /// Writes the spellings recorded since the last save.
    func save(_ db: Database) throws {
        let unsaved = state.withLock { state in
            defer { state.unsaved.removeAll() }
            return state.unsaved
        }
        guard !unsaved.isEmpty else { return }
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO accented_words(folded, accented) VALUES (?, ?)")
        for (folded, accented) in unsaved {
            try insert.execute(arguments: [folded, accented])
        }
    }
}
