import FuretAnalysis

/// Finds, for query words typed with a mistake, the words of the documents they were meant
/// to be: `fermuture` → `fermeture`, `Darmannin` → `darmanin`, `enuqete` → `enquete`.
///
/// Distances are Damerau–Levenshtein on the folded word (accents are already forgiven by
/// folding): none below ``oneEditLength`` letters, one edit from it, two from
/// ``twoEditsLength`` (Meilisearch's rule, one letter lower: a letter dropped from a
/// five-letter word leaves four, `grde` for `garde`). French sound-spellings (`ph`/`f`,
/// `qu`/`k`, `ai`/`è`, `au`/`o`, `ill`/`y`, doubled consonants) are two or three edits: a word
/// up to three edits away is still taken when it sounds the same
/// (``FrenchSpelling/soundKey(of:)``), and counts as one edit away.
///
/// Which words are corrected: a search first runs as typed; only when its page is not full
/// are the positive single words of the query (never phrases, prefixes or exclusions)
/// corrected: those no document has, or when there are none and the query finds nothing,
/// every one of them (a typo can make another real word). A query whose words all exist and
/// that finds something is left alone: it costs nothing more, and a real word is not
/// "corrected" into a more frequent one.
package struct TypoCorrector {
    /// The shortest word corrected, with one edit.
    static let oneEditLength = 4
    /// The shortest word corrected with two edits whatever they are.
    static let twoEditsLength = 9
    /// Candidates kept per word: the query grows by one phrase for each.
    static let candidateLimit = 12
    /// The most edits between a word and a correction that sounds the same: `ill` → `y`
    /// (`byet` for `billet`) and `eau` → `o` are three.
    static let soundAlikeDistance = 3

    let words: FuzzyVocabulary
    let accents: AccentVocabulary
    let analyzer: FrenchAnalyzer
    /// How many documents hold each of these index tokens (absent: none).
    let documentCounts: ([String]) throws -> [String: Int64]

    package init(
        words: FuzzyVocabulary, accents: AccentVocabulary, analyzer: FrenchAnalyzer,
        documentCounts: @escaping ([String]) throws -> [String: Int64]
    ) {
        self.words = words
        self.accents = accents
        self.analyzer = analyzer
        self.documentCounts = documentCounts
    }

    /// The corrections of `query`'s words, or `nil` when no word has any; `exactTotal` is
    /// how many documents the query finds as typed.
    package func correct(_ query: UserQuery, typed text: String, exactTotal: Int) throws -> TypoCorrection? {
        let eligible = query.clauses.filter { !$0.isExcluded }.flatMap(\.alternatives).compactMap(singleWord)
            .filter { Self.isCorrectable($0.folded) }
        let unknown = eligible.filter { !words.contains($0.folded) }
        guard !unknown.isEmpty || exactTotal == 0 else { return nil }
        var corrected: [TypoCorrection.Word] = []
        for word in unknown.isEmpty ? eligible : unknown where !corrected.contains(where: { $0.folded == word.folded }) {
            let candidates = try candidates(of: word.folded).map { candidate in
                TypoCorrection.Candidate(word: candidate.word, tokens: tokens(of: candidate.word))
            }
            if !candidates.isEmpty {
                let own = word.queryTokens.filter { TermKind(token: $0) != .lemma }
                corrected.append(.init(folded: word.folded, tokens: own, candidates: candidates))
            }
        }
        guard !corrected.isEmpty else { return nil }
        return TypoCorrection(words: corrected, hasUnknownWords: !unknown.isEmpty, typed: text, accents: accents)
    }

    /// The word a term stands for when it is one word (not a phrase, a compound or a prefix).
    private func singleWord(_ term: UserQuery.Term) -> AnalyzedWord? {
        guard case .words(let parts) = term, parts.count == 1 else { return nil }
        let analyzed = analyzer.analyze(parts[0])
        return analyzed.count == 1 ? analyzed[0] : nil
    }

    /// Whether a folded word is one a search would correct when it finds nothing: long
    /// enough, letters only, and no document has it.
    func isUnknown(_ folded: String) -> Bool {
        Self.isCorrectable(folded) && !words.contains(folded)
    }

    private static func isCorrectable(_ folded: String) -> Bool {
        folded.utf8.count >= oneEditLength && folded.utf8.allSatisfy { (0x61...0x7A).contains($0) }
    }

    /// The words of the documents `folded` may have been meant to be, best first: fewest
    /// edits (a word that sounds the same counts as one edit away, up to
    /// ``soundAlikeDistance``), then those that sound the same, then those with the same first
    /// letter (the one least often mistyped), then the most frequent in the documents, then
    /// the closest in length.
    func candidates(of folded: String) throws -> [(word: String, distance: Int)] {
        guard Self.isCorrectable(folded) else { return [] }
        let length = folded.utf8.count
        let sound = FrenchSpelling.soundKey(of: folded)
        // Words two edits away that sound the same come from the sound index: a walk within
        // one edit visits far fewer prefixes than one within two.
        let edits = length >= Self.twoEditsLength ? 2 : 1
        let near = words.words(near: folded, distance: edits).compactMap { near -> (word: String, distance: Int, cost: Int, sameSound: Bool)? in
            guard near.distance > 0 else { return nil }
            let sameSound = near.distance <= Self.soundAlikeDistance && FrenchSpelling.soundKey(of: near.word) == sound
            guard near.distance <= edits || sameSound else { return nil }
            return (near.word, near.distance, sameSound ? 1 : near.distance, sameSound)
        }
        let counts = try documentCounts(near.flatMap { tokens(of: $0.word) })
        let frequency = { (word: String) in self.tokens(of: word).compactMap { counts[$0] }.max() ?? 0 }
        return near.sorted { a, b in
            if a.cost != b.cost { return a.cost < b.cost }
            if a.sameSound != b.sameSound { return a.sameSound }
            let (aFirst, bFirst) = (a.word.utf8.first == folded.utf8.first, b.word.utf8.first == folded.utf8.first)
            if aFirst != bFirst { return aFirst }
            let (aCount, bCount) = (frequency(a.word), frequency(b.word))
            if aCount != bCount { return aCount > bCount }
            let (aGap, bGap) = (abs(a.word.utf8.count - length), abs(b.word.utf8.count - length))
            if aGap != bGap { return aGap < bGap }
            return a.word < b.word
        }.prefix(Self.candidateLimit).map { ($0.word, $0.distance) }
    }

    /// The index tokens that find a word of the documents as it is spelt: its exact form, and
    /// the stem equal to it, since documents emit no exact form for a word that is its own
    /// stem. No lemmas nor other inflections: a correction is a guess, not to be widened
    /// further, and each phrase more costs every search that is corrected.
    private func tokens(of word: String) -> [String] {
        [TermKind.exact.prefix + word, TermKind.stem.prefix + word]
    }
}
