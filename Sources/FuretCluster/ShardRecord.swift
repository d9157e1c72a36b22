import FuretIndex

/// What a shard stores with a document, for the router to show a hit: its identity, title,
/// compressed body (``IndexedDocument/storedBody``, from which snippets are built) and where
/// its pages start.
///
/// Encoding: each field as a 4-byte little-endian length and its bytes, in order: path,
/// part, title, body, then (``ShardSchema/version`` 2) the page starts and the page labels,
/// each empty when the document has none and otherwise a byte 1 before their stored form
/// (``PageStarts/encoded``, ``PageStarts/encodedLabels``). A version 1 record ends after the
/// body.
struct ShardRecord: Equatable {
    var path: String
    var part: String
    var title: String
    var storedBody: [UInt8]
    var pages: PageStarts?

    func encoded() -> [UInt8] {
        let starts: [UInt8] = pages.map { [1] + $0.encoded } ?? []
        let labels: [UInt8] = pages?.encodedLabels.map { [1] + Array($0.utf8) } ?? []
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24 + path.utf8.count + part.utf8.count + title.utf8.count + storedBody.count + starts.count + labels.count)
        for field in [Array(path.utf8), Array(part.utf8), Array(title.utf8), storedBody, starts, labels] {
            withUnsafeBytes(of: UInt32(field.count).littleEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field)
        }
        return bytes
    }

    /// Decodes a record; `nil` when the bytes are not one.
    init?(encoded bytes: [UInt8]) {
        var fields: [ArraySlice<UInt8>] = []
        var offset = 0
        while offset < bytes.count {
            guard offset + 4 <= bytes.count else { return nil }
            let length = bytes[offset..<offset + 4].reversed().reduce(0) { $0 << 8 | Int($1) }
            offset += 4
            guard length <= bytes.count - offset else { return nil }
            fields.append(bytes[offset..<offset + length])
            offset += length
        }
        guard fields.count == 4 || fields.count == 6 else { return nil }
        path = String(decoding: fields[0], as: UTF8.self)
        part = String(decoding: fields[1], as: UTF8.self)
        title = String(decoding: fields[2], as: UTF8.self)
        storedBody = Array(fields[3])
        guard fields.count == 6, fields[4].first == 1 else { return }
        let labels = fields[5].first == 1 ? String(decoding: fields[5].dropFirst(), as: UTF8.self) : nil
        guard let pages = fields[4].dropFirst().withUnsafeBytes({ PageStarts(encoded: $0, labels: labels) }) else { return nil }
        self.pages = pages
    }

    init(path: String, part: String, title: String, storedBody: [UInt8], pages: PageStarts? = nil) {
        self.path = path
        self.part = part
        self.title = title
        self.storedBody = storedBody
        self.pages = pages
    }
}
