import FuretAnalysis
import FuretIndex

/// A Furet query in Xapian's terms, with the forms whose positions mark a hit's snippet.
struct TranslatedQuery {
    var query: XapianQuery
    /// Each unprefixed form a matching body can hold, with the number of the query term it
    /// stands for (the snippet favours windows with the most distinct terms).
    var highlightedForms: [(form: String, term: Int)]
}

/// Translates Furet's parsed query (``UserQuery``) into a Xapian query over the terms
/// ``ShardDocumentBuilder`` writes, with the same word forms as the FTS5 engine
/// (``QueryCompiler``'s `forms(of:)` and `phraseForms(_:)`):
///
/// - a word → OR of its forms, each a term BM25 weighs by its own rarity (as each form is
///   its own FTS5 phrase);
/// - a phrase or compound → PHRASE over one OR of stems per word;
/// - `word*` → the stems and exact forms starting with it (Xapian wildcards);
/// - `a NEAR/n b` → NEAR over the sides' ORs, window n + the number of words; a side that is
///   a phrase also must match as a phrase;
/// - `title:` → the same on the title's prefixed forms; `-x` → AND_NOT; a clause typed k
///   times → its weight × k;
/// - `ext:` → boolean terms, `after:`/`before:` → a value range on the date; both filter
///   without weighing;
/// - a word given corrections (``ClusterCorrections``) → its forms OR the corrections'
///   tokens, each scaled to weigh as the FTS5 engine weighs a correction.
struct ClusterQueryTranslator {
    let compiler: QueryCompiler
    let analyzer: FrenchAnalyzer

    /// `query` in Xapian's terms; a single word (not excluded, not in a proximity) listed in
    /// `corrections` by its folded form also matches those tokens, each weighed × its scale.
    /// - Throws: ``ClusterError/nothingToSearch`` when no term has a word,
    ///   ``ClusterError/unsupported(_:)`` for `path:`.
    func translate(_ query: UserQuery, corrections: [String: [ClusterCorrections.Token]] = [:]) throws -> TranslatedQuery {
        guard query.pathFragments.isEmpty else { throw ClusterError.unsupported("the path: filter") }
        var highlighted: [(form: String, term: Int)] = []
        var termCount = 0
        guard let main = conjunction(query.clauses, titleOnly: false, isExcluded: false, corrections: corrections,
                                     highlighted: &highlighted, terms: &termCount) else {
            throw ClusterError.nothingToSearch
        }
        var filters: [XapianQuery] = []
        let extensions = query.extensions.map(ShardSchema.extensionTerm(extension:))
        if !extensions.isEmpty { filters.append(.or(extensions.map(XapianQuery.term))) }
        if query.modifiedAfter != nil || query.modifiedBefore != nil {
            filters.append(.valueRange(slot: ShardSchema.dateSlot, low: query.modifiedAfter.map(XapianDocument.sortable),
                                       high: query.modifiedBefore.map(XapianDocument.sortable)))
        }
        return TranslatedQuery(query: filters.isEmpty ? main : .filter(main, filters), highlightedForms: highlighted)
    }

    /// The clauses that must all hold; `nil` when none that is not excluded has a word.
    private func conjunction(
        _ clauses: [UserQuery.Clause], titleOnly inheritedTitle: Bool, isExcluded inheritedExclusion: Bool,
        corrections: [String: [ClusterCorrections.Token]], highlighted: inout [(form: String, term: Int)], terms termCount: inout Int
    ) -> XapianQuery? {
        var positives: [XapianQuery] = []
        var negatives: [XapianQuery] = []
        for clause in clauses {
            let titleOnly = inheritedTitle || clause.inTitleOnly
            let isExcluded = inheritedExclusion || clause.isExcluded
            var alternatives: [XapianQuery] = []
            for term in clause.alternatives {
                if case .group(let inner) = term {
                    if let group = conjunction(inner, titleOnly: titleOnly, isExcluded: isExcluded, corrections: corrections,
                                               highlighted: &highlighted, terms: &termCount) {
                        alternatives.append(group)
                    }
                    continue
                }
                guard let (query, forms) = translate(term, titleOnly: titleOnly, corrections: isExcluded ? [:] : corrections) else { continue }
                alternatives.append(query)
                if !isExcluded {
                    highlighted += forms.map { ($0, termCount) }
                    termCount += 1
                }
            }
            guard !alternatives.isEmpty else { continue }
            var expression = alternatives.count == 1 ? alternatives[0] : .or(alternatives)
            if clause.repeats > 1 { expression = .scaled(expression, Double(clause.repeats)) }
            if clause.isExcluded { negatives.append(expression) } else { positives.append(expression) }
        }
        guard !positives.isEmpty else { return nil }
        let kept = positives.count == 1 ? positives[0] : .and(positives)
        return negatives.isEmpty ? kept : .andNot(kept, negatives)
    }

    /// One term that is not a group, and the body forms that mark it in a snippet; `nil`
    /// when it holds no word.
    private func translate(
        _ term: UserQuery.Term, titleOnly: Bool, corrections: [String: [ClusterCorrections.Token]]
    ) -> (XapianQuery, [String])? {
        let field = titleOnly ? ShardSchema.titlePrefix : ""
        func any(_ forms: [String]) -> XapianQuery {
            forms.count == 1 ? .term(field + forms[0]) : .or(forms.map { .term(field + $0) })
        }
        switch term {
        case .words(let parts):
            let words = parts.flatMap { analyzer.analyze($0) }
            guard !words.isEmpty else { return nil }
            if words.count == 1 {
                let forms = compiler.forms(of: words[0])
                let added = (corrections[words[0].folded] ?? []).filter { !forms.contains($0.token) }
                guard !added.isEmpty else { return (any(forms), forms) }
                let alternatives = forms.map { XapianQuery.term(field + $0) } + added.map { .scaled(.term(field + $0.token), $0.scale) }
                return (.or(alternatives), forms + added.map(\.token))
            }
            let forms = words.map(compiler.phraseForms)
            return (.phrase(forms.map(any)), forms.flatMap { $0 })
        case .prefix(let text):
            let words = analyzer.analyze(text)
            guard let last = words.last else { return nil }
            // A word starting with the prefix has a stem or an exact form starting with it.
            let starts = XapianQuery.or([TermKind.stem, .exact].map { .wildcard(field + $0.prefix + last.folded) })
            let leading = words.dropLast().map(compiler.phraseForms)
            return (leading.isEmpty ? starts : .phrase(leading.map(any) + [starts]), leading.flatMap { $0 })
        case .near(let sides, let distance):
            let analysed = sides.map { analyzer.analyze($0) }.filter { !$0.isEmpty }
            guard !analysed.isEmpty else { return nil }
            let sideForms = analysed.map { words in words.count == 1 ? [compiler.forms(of: words[0])] : words.map(compiler.phraseForms) }
            let highlighted = sideForms.flatMap { $0.flatMap { $0 } }
            guard sideForms.count > 1 else { return (sideForms[0].count == 1 ? any(sideForms[0][0]) : .phrase(sideForms[0].map(any)), highlighted) }
            let words = sideForms.flatMap { $0 }
            let near = XapianQuery.near(words.map(any), window: distance + words.count)
            let phrases = sideForms.filter { $0.count > 1 }.map { XapianQuery.phrase($0.map(any)) }
            return (phrases.isEmpty ? near : .and([near] + phrases), highlighted)
        case .group:
            return nil
        }
    }
}
