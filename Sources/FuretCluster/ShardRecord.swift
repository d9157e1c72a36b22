/// What a shard stores with a document, for the router to show a hit: its identity, title
/// and compressed body (``IndexedDocument/storedBody``, from which snippets are built).
///
/// Encoding: each field as a 4-byte little-endian length and its bytes, in order.
struct ShardRecord: Equatable {
    var path: String
    var part: String
    var title: String
    var storedBody: [UInt8]

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(16 + path.utf8.count + part.utf8.count + title.utf8.count + storedBody.count)
        for field in [Array(path.utf8), Array(part.utf8), Array(title.utf8), storedBody] {
            withUnsafeBytes(of: UInt32(field.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field)
        }
        return bytes
    }

    /// Decodes a record; `nil` when the bytes are not one.
    init?(encoded bytes: [UInt8]) {
        var fields: [ArraySlice<UInt8>] = []
        var offset = 0
        while fields.count < 4 {
            guard offset + 4 <= bytes.count else { return nil }
            let length = bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard length <= bytes.count - offset else { return nil }
            fields.append(bytes[offset..<offset + length])
            offset += length
        }
        guard offset == bytes.count else { return nil }
        path = String(decoding: fields[0], as: UTF8.self)
        part = String(decoding: fields[1], as: UTF8.self)
        title = String(decoding: fields[2], as: UTF8.self)
        storedBody = Array(fields[3])
    }

    init(path: String, part: String, title: String, storedBody: [UInt8]) {
        self.path = path
        self.part = part
        self.title = title
        self.storedBody = storedBody
    }
}
