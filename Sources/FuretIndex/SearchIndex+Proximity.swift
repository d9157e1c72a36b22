import GRDB

extension SearchIndex {
    /// The document counts the ranking scores a query's proximities with (see
    /// `furet_ranking_add_proximity`): each side's count (the rows holding any of its forms)
    /// for its first phrase, 0 for its other forms, whose counts the ranking does not use.
    struct ProximityCounts {
        /// The sides' own phrases (``CompiledQuery/Proximity/Side/expression``) and their
        /// counts, for ``PhraseDocumentCounts``.
        var sides: [String] = []
        var counts: [Int64] = []
        /// Every side's phrase: their counts are the sides', not their own.
        var phrases = Set<Int>()

        /// Puts the sides' counts into `counts` (one per phrase of `compiled`): those `given`
        /// for the first phrases when they are (a standing query's, which this put there),
        /// else those `known` by the side's phrase, else counted.
        init(_ compiled: CompiledQuery, counts: inout [Int64], given: Bool, known: PhraseDocumentCounts, _ db: Database) throws {
            let sides = compiled.proximities.flatMap(\.sides)
            let knownCounts = given ? [] : known.counts(of: sides.map(\.expression))
            for (index, side) in sides.enumerated() {
                var count = given ? counts[side.phrases.lowerBound] : knownCounts[index]
                if count < 0 {
                    let statement = try db.cachedStatement(sql: "SELECT count(*) FROM documents_fts WHERE documents_fts MATCH ?")
                    count = try Int64.fetchOne(statement, arguments: [side.anyForm]) ?? 0
                }
                for phrase in side.phrases { counts[phrase] = phrase == side.phrases.lowerBound ? count : 0 }
                self.sides.append(side.expression)
                self.counts.append(count)
                phrases.formUnion(side.phrases)
            }
        }
    }
}
