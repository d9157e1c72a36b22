/// The JSON of a `search` response, written directly rather than through `JSONEncoder`.
///
/// Search is the one response sent many times a second, and Foundation's encoder, which
/// builds a tree of boxed values and sorts every object's keys, cost about 120 µs of a
/// 1.3 ms round trip (10 hits with snippets, measured in `Tools/bench`). The output is byte
/// for byte what ``WireJSON`` writes — keys sorted, slashes unescaped — which
/// `SearchResultJSONTests` checks against `JSONEncoder` itself; every other response still
/// goes through `JSONEncoder`.
enum SearchResultJSON {
    /// The response line answering request `id` with `result`, ending with `\n`; `nil` when a
    /// score is not finite (JSON has no NaN or infinity).
    static func line(_ result: SearchResult, id: RequestID?) -> [UInt8]? {
        var writer = Writer()
        writer.raw(#"{"id":"#)
        switch id {
        case .number(let number)?: writer.integer(number)
        case .string(let string)?: writer.string(string)
        case nil: writer.raw("null")
        }
        writer.raw(#","jsonrpc":"2.0","result":{"#)
        if let corrected = result.corrected {
            writer.raw(corrected ? #""corrected":true,"# : #""corrected":false,"#)
        }
        writer.raw(#""hits":["#)
        for (index, hit) in result.hits.enumerated() {
            guard hit.score.isFinite else { return nil }
            if index > 0 { writer.raw(",") }
            writer.raw(#"{"highlights":["#)
            for (index, range) in hit.highlights.enumerated() {
                writer.raw(index > 0 ? #",{"end":"# : #"{"end":"#)
                writer.integer(range.end)
                writer.raw(#","start":"#)
                writer.integer(range.start)
                writer.raw("}")
            }
            writer.raw("]")
            if let line = hit.line {
                writer.raw(#","line":"#)
                writer.integer(line)
            }
            if let page = hit.page {
                writer.raw(#","page":"#)
                writer.integer(page)
            }
            if let label = hit.pageLabel {
                writer.raw(#","page_label":"#)
                writer.string(label)
            }
            if let part = hit.part {
                writer.raw(#","part":"#)
                writer.string(part)
            }
            writer.raw(#","path":"#)
            writer.string(hit.path)
            writer.raw(#","score":"#)
            writer.double(hit.score)
            writer.raw(#","snippet":"#)
            writer.string(hit.snippet)
            writer.raw(#","title":"#)
            writer.string(hit.title)
            writer.raw("}")
        }
        writer.raw("]")
        if let shards = result.missingShards {
            writer.raw(#","missing_shards":["#)
            for (index, shard) in shards.enumerated() {
                if index > 0 { writer.raw(",") }
                writer.string(shard)
            }
            writer.raw("]")
        }
        if let partial = result.partial {
            writer.raw(partial ? #","partial":true"# : #","partial":false"#)
        }
        if let suggestion = result.suggestion {
            writer.raw(#","suggestion":"#)
            writer.string(suggestion)
        }
        writer.raw(#","total":"#)
        writer.integer(result.total)
        if let isLowerBound = result.totalIsLowerBound {
            writer.raw(isLowerBound ? #","total_is_lower_bound":true"# : #","total_is_lower_bound":false"#)
        }
        writer.raw("}}\n")
        return writer.bytes
    }

    private struct Writer {
        private(set) var bytes: [UInt8] = []

        init() {
            bytes.reserveCapacity(4096)
        }

        mutating func raw(_ text: StaticString) {
            bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
        }

        mutating func integer(_ value: Int) {
            bytes.append(contentsOf: String(value).utf8)
        }

        /// A finite double as `JSONEncoder` writes it: Swift's shortest round-trip form, without
        /// the `.0` of a whole number.
        mutating func double(_ value: Double) {
            var text = value.description
            if text.hasSuffix(".0") { text.removeLast(2) }
            bytes.append(contentsOf: text.utf8)
        }

        /// A JSON string: `"` and `\` escaped, control characters as their short escape or
        /// `\u00XX`, everything else as is (UTF-8).
        mutating func string(_ value: String) {
            bytes.append(UInt8(ascii: "\""))
            var value = value
            value.withUTF8 { utf8 in
                var runStart = 0
                for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                    appendEscape(of: byte)
                    runStart = index + 1
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private mutating func appendEscape(of byte: UInt8) {
            let short: UInt8? = switch byte {
            case 0x22: 0x22
            case 0x5C: 0x5C
            case 0x08: UInt8(ascii: "b")
            case 0x0C: UInt8(ascii: "f")
            case 0x0A: UInt8(ascii: "n")
            case 0x0D: UInt8(ascii: "r")
            case 0x09: UInt8(ascii: "t")
            default: nil
            }
            if let short {
                bytes.append(contentsOf: [0x5C, short])
            } else {
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            }
        }
    }
}
