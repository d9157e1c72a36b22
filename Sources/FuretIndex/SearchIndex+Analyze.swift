import FuretAnalysis
import FuretLemmas

/// One index form of a word, for showing why a query matches or not.
public struct TokenExplanation: Sendable, Equatable {
    /// What a form is: an index form of the word, or a word of the documents a search
    /// takes it for when it finds nothing as typed (see ``TypoCorrector``).
    public enum Kind: String, Sendable {
        case stem, lemma, exact, pair, fuzzy

        init(_ kind: TermKind) {
            switch kind {
            case .stem: self = .stem
            case .lemma: self = .lemma
            case .exact: self = .exact
            case .pair: self = .pair
            }
        }
    }

    /// The form without its namespace prefix.
    public var token: String
    public var kind: Kind
    /// Unicode scalar offsets of the word in the analysed text, `end` excluded.
    public var start: Int
    public var end: Int
}

extension SearchIndex {
    /// How `text` is analysed: as a document (the forms indexed) or as a query (the forms
    /// searched, including the accented spellings restored from the index's vocabulary, and
    /// for a word no document has, the words a search corrects it to, as `fuzzy`).
    /// - Throws: ``QueryCostError/tooLong(bytes:maximum:)`` past ``QueryCost/maximumBytes``
    ///   of text: each word gives several forms, and a megabyte gave tens of megabytes.
    public func explain(_ text: String, asQuery: Bool) throws -> [TokenExplanation] {
        try TokenExplanation.checkLength(of: text)
        return try analyzers.withAnalyzer { analyzer in
            try writer.read { db in
                try TokenExplanation.explain(text, asQuery: asQuery, compiler: QueryCompiler(analyzer: analyzer, accents: accents),
                                             corrector: corrector(analyzer, db))
            }
        }
    }
}

extension TokenExplanation {
    /// How `text` is analysed by `compiler`'s analyzer, with its accented spellings, and no
    /// corrections: for an engine without the index's vocabulary (the cluster router).
    /// - Throws: as ``SearchIndex/explain(_:asQuery:)``.
    package static func explain(_ text: String, asQuery: Bool, compiler: QueryCompiler) throws -> [TokenExplanation] {
        try checkLength(of: text)
        return try explain(text, asQuery: asQuery, compiler: compiler, corrector: nil)
    }

    fileprivate static func checkLength(of text: String) throws {
        let bytes = text.utf8.count
        guard bytes <= QueryCost.maximumBytes else { throw QueryCostError.tooLong(bytes: bytes, maximum: QueryCost.maximumBytes) }
    }

    /// The forms of `text`'s words; as a query, with the words `corrector` takes an unknown
    /// word for.
    fileprivate static func explain(
        _ text: String, asQuery: Bool, compiler: QueryCompiler, corrector: TypoCorrector?
    ) throws -> [TokenExplanation] {
        let analyzer = compiler.analyzer
        let scalarOffsets = Self.scalarOffsets(of: text)
        return try analyzer.analyze(text).flatMap { word in
            let (start, end) = (scalarOffsets[word.start], scalarOffsets[word.end])
            let forms = asQuery ? compiler.forms(of: word) : word.tokens
            let explained = forms.map { form in
                let kind = TermKind(token: form)
                return TokenExplanation(token: String(form.dropFirst(kind.prefix.count)), kind: .init(kind), start: start, end: end)
            }
            guard asQuery, let corrector, corrector.isUnknown(word.folded) else { return explained }
            return try explained + corrector.candidates(of: word.folded).map { candidate in
                TokenExplanation(token: candidate.word, kind: .fuzzy, start: start, end: end)
            }
        }
    }

    /// For each UTF-8 byte offset of `text` (and its end), the scalar offset it falls in.
    private static func scalarOffsets(of text: String) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(text.utf8.count + 1)
        for (index, scalar) in text.unicodeScalars.enumerated() {
            offsets.append(contentsOf: repeatElement(index, count: UTF8.width(scalar)))
        }
        offsets.append(text.unicodeScalars.count)
        return offsets
    }
}
