/// The order in which a search scores its matches, so that it can stop scoring once the
/// matches left cannot change the page: MaxScore (Turtle and Flood, 1995) at the level of the
/// query's FTS5 phrases.
///
/// A word's OR group holds forms of very different rarity: `dirai` is written in a few
/// hundred documents, but its lemma `@dire` is in a quarter of them and has a tiny IDF. BM25
/// gives a phrase at most IDF × weight × (k1 + 1), whatever its frequency and the document's
/// length (``Ranking/bound(ofPhrase:)``), so a match holding none of the rarer phrases scores
/// at most the sum of the commoner phrases' bounds.
///
/// The plan splits the query's phrases into stages, rarest first, a stage ending where the
/// next phrase is in at least four times as many documents as the last. A stage visits the
/// matches that hold one of its phrases and none of the earlier stages' (see
/// ``match(ofStages:query:)``); the last visits every match left. Before a stage, once the
/// page is full, if the bounds of the phrases not yet staged sum below the page's worst
/// score, no match left can enter the page: they are counted, not scored. Otherwise the
/// stages up to the next one where that already holds run as one statement (all of them when
/// there is none): a stage costs a statement, FTS5 parsing it and opening every phrase.
/// Every visited row is scored as one pass over every match would score it, and every row
/// that could reach the page is visited, so the page is the same, in the same order.
struct ScoringPlan {
    /// Phrase numbers (in FTS5's order) by stage.
    private(set) var stages: [[Int]]
    /// Phrases in no stage: those of excluded terms, which a match may still hold when the
    /// exclusion is inside an alternative (`(a -b) OR c`). Their bounds always count.
    private(set) var unstaged: [Int]
    /// The compiled query's phrases, as FTS5 expressions.
    private let expressions: [String]

    /// Below this many rows for the rarest term (the sum of its phrases' document counts),
    /// one pass over the matches costs less than the stages: each is a statement, and the
    /// matches left are still counted up to the total's limit. On the 200 eltec-fr latency
    /// queries at 1,000,000 documents (a debug build, so only as a trend), stages lost time on
    /// queries of a few thousand matches or fewer (`cherche mot`, 3,388: 9.4 → 11.3 ms) and
    /// won on those of tens of thousands and more (`dirai`, 267,596 matches: 244 → 29 ms in
    /// a release build).
    static let minimumRows: Int64 = 16_384

    /// How many times commoner than the last phrase of a stage the next phrase must be to
    /// start a stage: phrases of about the same rarity have about the same bound, and a
    /// stage costs a statement (FTS5 parses the expression and opens every phrase again).
    static let growth: Int64 = 4

    /// A plan for `compiled`, whose phrases hold `counts` rows (-1 where unknown), keeping
    /// `keep` rows; `nil` when a single pass is as good: some count is unknown (the pass
    /// counts it), the rarest term's phrases hold fewer than `minimumRows` rows (a match
    /// holds every term, unless `OR` joins them: then the plan is only missed), or the ranking
    /// checks a proximity (a side's forms are phrases of their own, but it scores the side as
    /// one, whatever form a row holds). A stage ends before a phrase in `growth` times as many
    /// documents as its last. A plan of one stage is a single pass, unless the phrases have
    /// score bounds (``ScoreBounds``).
    init?(_ compiled: CompiledQuery, counts: [Int64], keep: Int, minimumRows: Int64 = Self.minimumRows, growth: Int64 = Self.growth) {
        guard counts.count == compiled.phrases.count, !counts.contains(where: { $0 < 0 }), compiled.proximities.isEmpty else {
            return nil
        }
        let scored = compiled.phrases.indices.filter { compiled.phrases[$0].term != nil }
        let termRows = Dictionary(grouping: scored) { compiled.phrases[$0].term }.values.map { $0.reduce(0) { $0 + counts[$1] } }
        guard let rarestTermRows = termRows.min(), rarestTermRows >= minimumRows else { return nil }
        let rarestFirst = scored.sorted { (counts[$0], $0) < (counts[$1], $1) }
        var stages: [[Int]] = []
        var stage: [Int] = []
        var staged: Int64 = 0
        for phrase in rarestFirst {
            // A stage ends before a phrase much commoner than the last (a much smaller bound),
            // once the stages may hold a full page: only there can the check stop scoring.
            if let last = stage.last, staged >= Int64(keep), counts[phrase] >= growth * max(counts[last], 1) {
                stages.append(stage)
                stage = []
            }
            stage.append(phrase)
            staged += counts[phrase]
        }
        if !stage.isEmpty { stages.append(stage) }
        self.stages = stages
        unstaged = compiled.phrases.indices.filter { compiled.phrases[$0].term == nil }
        expressions = compiled.phrases.map(\.expression)
    }

    /// The FTS5 expression of `stages` run together, for the query whose expression is
    /// `query`: the query's own phrases first, so they keep their numbers (the ranking scores
    /// only those), then the stages' alternatives (none when they run to the end), then the
    /// earlier stages' as an exclusion.
    func match(ofStages range: Range<Int>, query: String) -> String {
        let earlier = stages[..<range.lowerBound].joined()
        var match = "(" + query + ")"
        if range.upperBound < stages.count { match = "(" + match + " AND (" + alternatives(stages[range].joined()) + "))" }
        if !earlier.isEmpty { match += " NOT (" + alternatives(earlier) + ")" }
        return match
    }

    /// The FTS5 expression of the matches the stages from `stage` (at least 1) on would visit.
    func match(from stage: Int, query: String) -> String {
        precondition(stage > 0, "every match is left before the first stage")
        return "(" + query + ") NOT (" + alternatives(stages[..<stage].joined()) + ")"
    }

    /// The phrases whose bounds limit what the matches of stages `stage` and later can score.
    func phrasesLeft(from stage: Int) -> [Int] {
        Array(stages[stage...].joined()) + unstaged
    }

    /// Each phrase in parentheses: a column filter (`title : "…"`) then applies to its phrase only.
    private func alternatives(_ phrases: some Sequence<Int>) -> String {
        phrases.map { "(" + expressions[$0] + ")" }.joined(separator: " OR ")
    }
}
