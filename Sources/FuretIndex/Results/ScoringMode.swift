/// How a search scores its matches by relevance: the same page every way, which tests and
/// `furet-bench` check by comparing them.
package enum ScoringMode: Sendable, Equatable {
    /// In the stages of a ``ScoringPlan`` when the matches are many
    /// (``ScoringPlan/minimumRows``): those that cannot reach the page are counted, not scored.
    case bounded
    /// In as many stages as the phrases allow (a phrase a stage once a page can be full),
    /// however few the matches: how tests reach every check on a small corpus.
    case staged
    /// Every match scored, in one pass, each row's phrases all read: what the bounds must equal.
    case full
}
