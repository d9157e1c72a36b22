import Foundation

/// How a Furet document is laid out in a Xapian shard: term prefixes, positions and value
/// slots. Analysed forms (stems, `@`lemmas, `=`exact forms) are lowercase or start with `@`
/// or `=`, so the uppercase prefixes below never collide with them.
package enum ShardSchema {
    /// The unique id term of one document (a file's own document or one of its parts).
    static let idPrefix = "Q"
    /// A boolean term every document of a file holds: deleting it deletes the file.
    static let filePrefix = "P"
    /// A boolean term holding the file's extension (lowercase), for `ext:`.
    static let extensionPrefix = "E"
    /// A title form, for `title:` (title forms are also indexed unprefixed, to weigh in).
    static let titlePrefix = "S"
    /// A boolean term per trigram of the file's path, for `path:` (``PathFilter``).
    static let pathGramPrefix = "T"

    /// The user metadata entry holding the time of the router's last commit (milliseconds
    /// since 1970): a replica holds the one of the last commit it received, which tells how
    /// far behind its primary it may be.
    static let committedKey = "furet.committed"

    /// Commits `writer`'s changes stamped with the time (``committedKey``).
    static func commit(_ writer: XapianWriter) throws(XapianError) {
        try writer.setMetadata(committedKey, String(Int64((Date().timeIntervalSince1970 * 1_000).rounded())))
        try writer.commit()
    }

    /// The value holding the document's date (metadata, else mtime), sortable-serialised.
    static let dateSlot: UInt32 = 0
    /// The value holding `path NUL part`: equal scores are ordered by it, the same on one
    /// database and on any number of shards (Xapian's own tie-break, the docid, is not).
    static let tieSlot: UInt32 = 1
    /// The value holding the date then `path NUL part`: hits by date, oldest first, equal
    /// dates in the same order on any number of shards.
    static let oldestFirstSlot: UInt32 = 2
    /// The same with the date negated: newest first, equal dates by path.
    static let newestFirstSlot: UInt32 = 3

    /// The layout's version: 2 added ``oldestFirstSlot``, ``newestFirstSlot``, the path's
    /// trigram terms and the page starts of ``ShardRecord``. A document written by version 1
    /// lacks them until its file is written again: it sorts first by date, `path:` never
    /// finds it and its hits have no page.
    static let version = 2

    /// Title words are at positions from here, body words from 0: a phrase never spans the
    /// two, as in FTS5's separate columns, and body positions stay FTS5's word numbers.
    static let titleBase: UInt32 = 1 << 30

    /// The weight of a title word against a body word: FTS5's column weight in Furet's
    /// ranking. A title form is indexed with this within-document frequency.
    static let titleWeight: UInt32 = 5

    /// BM25 as Furet's FTS5 ranking: k1 = 1.2, b = 0.75.
    static let k1 = 1.2
    static let b = 0.75

    /// Xapian's limit on a term's length is 245 bytes; longer keys keep a prefix and a hash.
    static let maximumTermBytes = 240

    /// The value of `tieSlot`, and the end of the date slots' values.
    static func tieKey(path: String, part: String) -> [UInt8] {
        Array((path + "\u{0}" + part).utf8)
    }

    /// ``orderKeyLength`` bytes that sort bytewise as `value` does among doubles. Fixed-length, unlike
    /// Xapian's `sortable_serialise`, so that bytes appended (the tie key) order only equal
    /// values.
    static let orderKeyLength = 8

    static func orderKey(_ value: Double) -> [UInt8] {
        let bits = value.bitPattern
        // Negative numbers: all bits flipped (larger magnitude sorts first); positive: the
        // sign bit set, above every negative.
        let ordered = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return withUnsafeBytes(of: ordered.bigEndian, Array.init)
    }

    static func idTerm(path: String, part: String) -> String {
        term(idPrefix, path + "\u{0}" + part)
    }

    static func fileTerm(path: String) -> String {
        term(filePrefix, path)
    }

    /// The extension term of a path, `nil` without an extension.
    static func extensionTerm(path: String) -> String? {
        let name = path.split(separator: "/").last ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        let ext = name[name.index(after: dot)...]
        return ext.isEmpty ? nil : extensionTerm(extension: String(ext))
    }

    /// The term of an extension typed in `ext:` (without its dot).
    static func extensionTerm(extension ext: String) -> String {
        term(extensionPrefix, ext.lowercased())
    }

    /// `prefix + key`, or when too long for Xapian, its first bytes and the key's hash.
    private static func term(_ prefix: String, _ key: String) -> String {
        let bytes = Array(key.utf8)
        guard prefix.utf8.count + bytes.count > maximumTermBytes else { return prefix + key }
        let hash = String(StableHash.fnv1a(bytes), radix: 16)
        let kept = maximumTermBytes - prefix.utf8.count - hash.utf8.count - 1
        return prefix + String(decoding: bytes.prefix(kept), as: UTF8.self) + "#" + hash
    }
}

/// FNV-1a, 64 bits: the same on every machine and run (Swift's `Hasher` is seeded per
/// process), so a file always goes to the same shard.
enum StableHash {
    static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return hash
    }

    /// The shard of `shardCount` that holds the file at `path`.
    static func shard(ofPath path: String, shardCount: Int) -> Int {
        Int(fnv1a(path.utf8) % UInt64(shardCount))
    }
}
