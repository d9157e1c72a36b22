internal import FoundationEssentials

/// The JSON coding of the wire format, shared by the envelopes and the client's `--json`.
///
/// Keys are sorted so that output is stable (Foundation's key order is not), and slashes
/// are left unescaped so that paths stay readable.
package enum WireJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `value` as compact JSON, without a trailing newline.
    package static func encode(_ value: some Encodable) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }

    /// `value` as one line: compact JSON and `\n`.
    static func encodeLine(_ value: some Encodable) throws -> [UInt8] {
        var line = try encode(value)
        line.append(UInt8(ascii: "\n"))
        return line
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from bytes: some Collection<UInt8>) throws -> Value {
        try JSONDecoder().decode(type, from: Data(bytes))
    }
}
