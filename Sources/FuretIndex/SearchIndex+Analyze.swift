import FuretAnalysis
import FuretLemmas

/// One index form of a word, for showing why a query matches or not.
public struct TokenExplanation: Sendable, Equatable {
    /// The form without its namespace prefix.
    public var token: String
    public var kind: TermKind
    /// Unicode scalar offsets of the word in the analysed text, `end` excluded.
    public var start: Int
    public var end: Int
}

extension SearchIndex {
    /// How `text` is analysed: as a document (the forms indexed) or as a query (the forms
    /// searched, including the accented spellings restored from the index's vocabulary).
    /// - Throws: ``QueryCostError/tooLong(bytes:maximum:)`` past ``QueryCost/maximumBytes``
    ///   of text: each word gives several forms, and a megabyte gave tens of megabytes.
    public func explain(_ text: String, asQuery: Bool) throws -> [TokenExplanation] {
        let bytes = text.utf8.count
        guard bytes <= QueryCost.maximumBytes else { throw QueryCostError.tooLong(bytes: bytes, maximum: QueryCost.maximumBytes) }
        return try analyzers.withAnalyzer { analyzer in
            explain(text, asQuery: asQuery, analyzer: analyzer)
        }
    }

    private func explain(_ text: String, asQuery: Bool, analyzer: FrenchAnalyzer) -> [TokenExplanation] {
        let compiler = QueryCompiler(analyzer: analyzer, accents: accents)
        let scalarOffsets = Self.scalarOffsets(of: text)
        return analyzer.analyze(text).flatMap { word in
            let forms = asQuery ? compiler.forms(of: word) : word.tokens
            return forms.map { form in
                let kind = TermKind(token: form)
                return TokenExplanation(token: String(form.dropFirst(kind.prefix.count)), kind: kind,
                                        start: scalarOffsets[word.start], end: scalarOffsets[word.end])
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
