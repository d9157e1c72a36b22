import CXapian

/// A Xapian query as a value: built and compared in Swift, handed to Xapian only to search
/// (``withHandle(_:)``), so no C++ object outlives a search.
package indirect enum XapianQuery: Sendable, Hashable {
    case term(String)
    /// Every term starting with this text, scored as one synonym.
    case wildcard(String)
    case and([XapianQuery])
    case or([XapianQuery])
    /// The first query's matches without those of the others.
    case andNot(XapianQuery, [XapianQuery])
    /// Subqueries (terms or ORs of terms) at consecutive positions.
    case phrase([XapianQuery])
    /// Subqueries all within a span of `window` positions, in any order.
    case near([XapianQuery], window: Int)
    /// `query`'s matches and weights, limited to documents matching every filter (unweighted).
    case filter(XapianQuery, [XapianQuery])
    /// Documents whose value in `slot` lies between the bounds (sortable-serialised; `nil`: open).
    case valueRange(slot: UInt32, low: [UInt8]?, high: [UInt8]?)
    case scaled(XapianQuery, Double)

    /// This query with each wildcard replaced by what `expand` makes of its prefix.
    func replacingWildcards(_ expand: (String) throws(XapianError) -> XapianQuery) throws(XapianError) -> XapianQuery {
        func all(_ parts: [XapianQuery]) throws(XapianError) -> [XapianQuery] {
            var replaced: [XapianQuery] = []
            for part in parts { replaced.append(try part.replacingWildcards(expand)) }
            return replaced
        }
        switch self {
        case .term, .valueRange: return self
        case .wildcard(let prefix): return try expand(prefix)
        case .and(let parts): return .and(try all(parts))
        case .or(let parts): return .or(try all(parts))
        case .andNot(let kept, let removed): return .andNot(try kept.replacingWildcards(expand), try all(removed))
        case .phrase(let parts): return .phrase(try all(parts))
        case .near(let parts, let window): return .near(try all(parts), window: window)
        case .filter(let query, let filters): return .filter(try query.replacingWildcards(expand), try all(filters))
        case .scaled(let query, let factor): return .scaled(try query.replacingWildcards(expand), factor)
        }
    }

    /// Calls `body` with the shim's query for this value, freed afterwards.
    func withHandle<T>(_ body: (OpaquePointer) throws(XapianError) -> T) throws(XapianError) -> T {
        guard let handle = makeHandle() else { throw XapianError(kind: .other, message: "out of memory building a query") }
        defer { cx_query_free(handle) }
        return try body(handle)
    }

    /// Xapian's own description, e.g. `Query((a OR b))`.
    package var xapianDescription: String {
        guard let handle = makeHandle() else { return "" }
        defer { cx_query_free(handle) }
        guard let text = cx_query_description(handle) else { return "" }
        defer { cx_free(text) }
        return String(cString: text)
    }

    /// A new shim query (the caller frees it); `nil` when memory ran out.
    private func makeHandle() -> OpaquePointer? {
        switch self {
        case .term(let term): return Array(term.utf8).withUnsafeBufferPointer { cx_query_term($0.baseAddress, $0.count) }
        case .wildcard(let prefix): return Array(prefix.utf8).withUnsafeBufferPointer { cx_query_wildcard($0.baseAddress, $0.count) }
        case .and(let parts): return Self.combine(CX_AND, parts, window: 0)
        case .or(let parts): return Self.combine(CX_OR, parts, window: 0)
        case .andNot(let kept, let removed): return Self.combine(CX_AND_NOT, [kept, .or(removed)], window: 0)
        case .phrase(let parts): return Self.combine(CX_PHRASE, parts, window: parts.count)
        case .near(let parts, let window): return Self.combine(CX_NEAR, parts, window: window)
        case .filter(let query, let filters): return Self.combine(CX_FILTER, [query] + filters, window: 0)
        case .valueRange(let slot, let low, let high):
            return Self.withOptionalBytes(low) { lowBytes, lowCount in
                Self.withOptionalBytes(high) { highBytes, highCount in
                    cx_query_value_range(slot, lowBytes, lowCount, highBytes, highCount)
                }
            }
        case .scaled(let query, let factor):
            guard let inner = query.makeHandle() else { return nil }
            return cx_query_scale(inner, factor)
        }
    }

    /// Calls `body` with `bytes` as C characters and their count, or `nil` and 0.
    private static func withOptionalBytes<T>(_ bytes: [UInt8]?, _ body: (UnsafePointer<CChar>?, Int) -> T) -> T {
        guard let bytes else { return body(nil, 0) }
        // A terminating zero, so that even no bytes have an address.
        return (bytes.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { body($0.baseAddress, bytes.count) }
    }

    private static func combine(_ op: cx_operator, _ parts: [XapianQuery], window: Int) -> OpaquePointer? {
        var handles: [OpaquePointer?] = []
        for part in parts {
            guard let handle = part.makeHandle() else {
                handles.forEach { cx_query_free($0) }
                return nil
            }
            handles.append(handle)
        }
        return handles.withUnsafeMutableBufferPointer { cx_query_combine(op, $0.baseAddress, $0.count, UInt32(clamping: window)) }
    }
}
