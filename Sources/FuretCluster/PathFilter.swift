import FuretIndex

/// `path:` on the shards: the file's path must contain each fragment, ASCII letters in
/// either case (as the FTS5 engine's `LIKE`).
///
/// Xapian has no substring query. Each document holds a boolean term per trigram of its
/// file's path (``ShardSchema/pathGramPrefix``, over Unicode scalars with ASCII letters
/// lowercased), so that the shards keep only documents holding every trigram of each
/// fragment; that is necessary but not sufficient (`/abc/bcd` has the trigrams of `abcd`),
/// so the router checks the paths of those matches itself, from their sort keys (which hold
/// `path NUL part`, see ``ShardSchema/tieSlot``), before it pages. A fragment of fewer than
/// three characters narrows nothing on the shards: every match is checked.
struct PathFilter {
    /// The fragments, folded as paths are compared.
    private let fragments: [[UInt8]]

    /// The filter of `query`; `nil` when it has no `path:`.
    init?(_ query: UserQuery) {
        guard !query.pathFragments.isEmpty else { return nil }
        fragments = query.pathFragments.map { Array(Self.folded($0).utf8) }
    }

    /// What the shards filter on: every trigram of every fragment; `nil` when no fragment has one.
    var shardQuery: XapianQuery? {
        let terms = Set(fragments.flatMap { Self.gramTerms(String(decoding: $0, as: UTF8.self)) }).sorted()
        return terms.isEmpty ? nil : .and(terms.map(XapianQuery.term))
    }

    /// Whether a file's path holds every fragment.
    func matches(path: some Collection<UInt8>) -> Bool {
        let folded = path.map(Self.foldedByte)
        return fragments.allSatisfy { $0.isEmpty || folded.firstRange(of: $0) != nil }
    }

    /// The trigram terms of a file's path, for its shard documents.
    static func terms(ofPath path: String) -> Set<String> {
        gramTerms(folded(path))
    }

    private static func gramTerms(_ folded: String) -> Set<String> {
        let scalars = Array(folded.unicodeScalars)
        guard scalars.count >= 3 else { return [] }
        return Set((0...scalars.count - 3).map { start in
            var term = ShardSchema.pathGramPrefix
            term.unicodeScalars.append(contentsOf: scalars[start..<start + 3])
            return term
        })
    }

    private static func folded(_ text: String) -> String {
        String(decoding: text.utf8.map(foldedByte), as: UTF8.self)
    }

    private static func foldedByte(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }
}
