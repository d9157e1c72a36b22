import CZstd
import Foundation
import GRDB
import Synchronization

/// A zstd dictionary trained on an index's own short bodies, which compresses each of them
/// alone as if it followed typical text of the index (Debian `libzstd`).
///
/// A paragraph of 440 bytes hardly deflates on its own (to 0.64 of its size: deflate has no
/// history to refer to); with a dictionary of 64 KiB trained on 4,000 such paragraphs, zstd at
/// its default level brings it to 0.44 and decompresses it in about half deflate's time
/// (measured on the growth corpus's paragraphs, dictionaries of 32 and 112 KiB within 2 %).
///
/// Dictionaries live in `body_dictionaries` (format 11), each under its id, which is zstd's
/// own (derived from its content) and which a body compressed with it carries (see
/// ``TextCompression``): a later dictionary does not make earlier bodies unreadable, and a
/// dictionary is found by its id whatever index a body comes from. Every dictionary an
/// opened index holds is ``register(_:)``ed for the process, so that reading a body needs
/// nothing but its bytes.
///
/// `@unchecked Sendable`: zstd's compression and decompression dictionaries are read-only
/// once made, and may serve any number of threads at once.
final class BodyDictionary: @unchecked Sendable {
    /// The dictionary's size: what training aims at. 112 KiB (zstd's default is 110) rather
    /// than 64 since format 14: 2.4 bytes less a paragraph of the growth corpus (1 %), for
    /// 48 KiB more in the file and in memory.
    static let capacity = 112 << 10
    /// Short bodies a dictionary is trained on at most, and at least (below it, training is not
    /// worth it: the index's bodies stay as they are, in blocks).
    static let maximumSamples = 4_000
    static let minimumSamples = 1_000
    /// zstd's default level: higher ones measured no smaller with a dictionary of this size
    /// (6: +2 %, 9: −2 %) for several times the compression time.
    static let level: Int32 = 3

    let id: UInt32
    let bytes: [UInt8]
    private let compression: OpaquePointer
    private let decompression: OpaquePointer

    /// The dictionary whose bytes are `bytes`; `nil` when they are not a zstd dictionary.
    init?(bytes: [UInt8]) {
        let id = ZDICT_getDictID(bytes, bytes.count)
        guard id > 0, id < 1 << 31,
              let compression = ZSTD_createCDict(bytes, bytes.count, Self.level) else { return nil }
        guard let decompression = ZSTD_createDDict(bytes, bytes.count) else {
            ZSTD_freeCDict(compression)
            return nil
        }
        self.id = id
        self.bytes = bytes
        self.compression = compression
        self.decompression = decompression
    }

    deinit {
        ZSTD_freeCDict(compression)
        ZSTD_freeDDict(decompression)
    }

    /// A dictionary trained on `texts` up to ``dictionaryLimit`` bytes (``maximumSamples`` at
    /// most, taken evenly); `nil` when fewer than ``minimumSamples`` are, or zstd cannot train.
    static func train(on texts: [String]) -> BodyDictionary? {
        let short = texts.filter { !$0.isEmpty && $0.utf8.count <= TextCompression.dictionaryLimit }
        guard short.count >= minimumSamples else { return nil }
        let step = max(1, short.count / maximumSamples)
        let samples = stride(from: 0, to: short.count, by: step).prefix(maximumSamples).map { short[$0] }
        var joined: [UInt8] = []
        joined.reserveCapacity(samples.reduce(0) { $0 + $1.utf8.count })
        for sample in samples { joined.append(contentsOf: sample.utf8) }
        let sizes = samples.map { $0.utf8.count }
        var dictionary = [UInt8](repeating: 0, count: capacity)
        let size = dictionary.withUnsafeMutableBytes { output in
            ZDICT_trainFromBuffer(output.baseAddress, output.count, joined, sizes, UInt32(sizes.count))
        }
        guard ZDICT_isError(size) == 0 else { return nil }
        return BodyDictionary(bytes: Array(dictionary.prefix(size)))
    }

    // MARK: - Stored bodies

    /// The flag of a stored body's first word (since format 14; its second word's in formats 11
    /// to 13) that marks a body compressed with a dictionary: no text that long is stored.
    static let flag: UInt32 = 1 << 31

    /// `source` stored with this dictionary (see ``TextCompression``); `nil` when zstd fails.
    func store(_ source: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let capacity = 4 + ZSTD_compressBound(source.count)
        let stored = Self.compressionContexts.withContext { context -> [UInt8]? in
            // The header names the dictionary and the frame ends with the text: the frame need
            // repeat neither the dictionary's id nor the text's length, nor start with zstd's
            // magic number (9 bytes of a 200-byte paragraph).
            guard ZSTD_isError(ZSTD_CCtx_setParameter(context, ZSTD_c_dictIDFlag, 0)) == 0,
                  ZSTD_isError(ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 0)) == 0,
                  ZSTD_isError(ZSTD_CCtx_setParameter(context, furet_zstd_c_format, Int32(ZSTD_f_zstd1_magicless.rawValue))) == 0,
                  ZSTD_isError(ZSTD_CCtx_refCDict(context, compression)) == 0 else { return nil }
            var failed = false
            let bytes = [UInt8](unsafeUninitializedCapacity: capacity) { output, count in
                for shift in 0..<4 { output[shift] = UInt8(truncatingIfNeeded: (Self.flag | id) >> (8 * shift)) }
                let produced = ZSTD_compress2(context, output.baseAddress! + 4, capacity - 4, source.baseAddress, source.count)
                failed = ZSTD_isError(produced) != 0
                count = failed ? 0 : 4 + produced
            }
            return failed ? nil : bytes
        }
        return stored ?? nil
    }

    /// Decompresses `frame` into `output`; the text's length, `nil` when the frame is corrupt or
    /// longer than `output`. `magicless`: a frame of format 14 (``store(_:)``), else one of
    /// formats 11 to 13, with zstd's magic number and the text's length.
    func decompress(_ frame: UnsafeRawBufferPointer, magicless: Bool, into output: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        let format = magicless ? ZSTD_f_zstd1_magicless : ZSTD_f_zstd1
        return Self.decompressionContexts.withContext { context -> Int? in
            guard ZSTD_isError(ZSTD_DCtx_setParameter(context, furet_zstd_d_format, Int32(format.rawValue))) == 0 else { return nil }
            let produced = ZSTD_decompress_usingDDict(context, output.baseAddress, output.count,
                                                      frame.baseAddress, frame.count, decompression)
            return ZSTD_isError(produced) == 0 ? produced : nil
        } ?? nil
    }

    private static let compressionContexts = ContextPool(make: { ZSTD_createCCtx() }, free: { ZSTD_freeCCtx($0) })
    private static let decompressionContexts = ContextPool(make: { ZSTD_createDCtx() }, free: { ZSTD_freeDCtx($0) })

    // MARK: - The process's dictionaries

    private static let known = Mutex<[UInt32: BodyDictionary]>([:])

    /// Makes `dictionary` readable by its id in this process; returns the one registered under
    /// that id, which is `dictionary` unless an identical one was registered before. `nil` when
    /// another dictionary has that id (two dictionaries' ids collide once in 2³¹ pairs): then
    /// `dictionary` must not be used.
    static func register(_ dictionary: BodyDictionary) -> BodyDictionary? {
        known.withLock { known in
            if let registered = known[dictionary.id] { return registered.bytes == dictionary.bytes ? registered : nil }
            known[dictionary.id] = dictionary
            return dictionary
        }
    }

    /// The dictionary registered under `id`, if any.
    static func registered(_ id: UInt32) -> BodyDictionary? {
        known.withLock { $0[id] }
    }

    // MARK: - The index's dictionaries

    /// Registers every dictionary of the index; returns the newest, the one new short bodies
    /// are compressed with (`nil` when the index has none).
    static func loadAll(_ db: Database) throws -> BodyDictionary? {
        var newest: BodyDictionary?
        let rows = try Row.fetchCursor(db, sql: "SELECT id, dictionary FROM body_dictionaries ORDER BY generation")
        while let row = try rows.next() {
            let id: Int64 = row[0]
            guard let dictionary = BodyDictionary(bytes: [UInt8](row[1] as Data)), Int64(dictionary.id) == id,
                  let registered = register(dictionary) else {
                throw DatabaseError(message: "body dictionary \(id) is damaged: delete the index to rebuild it")
            }
            newest = registered
        }
        return newest
    }

    /// Saves `dictionary` in the index as its newest, and registers it; `nil` when its id is
    /// taken by another dictionary (see ``register(_:)``), then nothing is saved.
    static func save(_ dictionary: BodyDictionary, _ db: Database) throws -> BodyDictionary? {
        guard let registered = register(dictionary) else { return nil }
        try db.execute(sql: "INSERT OR IGNORE INTO body_dictionaries(id, dictionary) VALUES (?, ?)",
                       arguments: [Int64(registered.id), Data(registered.bytes)])
        return registered
    }

    /// Trains a dictionary on the index's stored short bodies, saves it as the newest, and
    /// rewrites every short body with it; `nil` (and nothing written) when fewer than
    /// ``minimumSamples`` are short or zstd cannot train. Throws on a damaged body. Meant for
    /// an index without a dictionary, whose short bodies are few enough to rewrite at once (the
    /// migration to format 11, or once ``minimumSamples`` were written without one).
    static func trainOnStoredBodies(_ db: Database) throws -> BodyDictionary? {
        guard let trained = train(on: try sampleShortBodies(db)), let dictionary = try save(trained, db) else { return nil }
        try recompressShortBodies(with: dictionary, db)
        return dictionary
    }

    /// Bodies read at a time by ``trainOnStoredBodies(_:)``.
    private static let rewriteChunk = 1_000

    /// Whether a stored body's text is at most ``TextCompression/dictionaryLimit`` bytes, from
    /// its first word (see ``TextCompression``) without decompressing it: a body of format 14
    /// compressed with a dictionary, or a text that short.
    private static func isShort(_ stored: Data) -> Bool {
        guard stored.count >= 4 else { return false }
        let first = (0..<4).reduce(UInt32(0)) { $0 | UInt32(stored[stored.startIndex + $1]) << (8 * $1) }
        return first & flag != 0 || first <= TextCompression.dictionaryLimit
    }

    /// The text of stored body `stored` of document `id`; throws when it is damaged.
    private static func storedText(_ stored: Data, id: Int64) throws -> String {
        guard let text = stored.withUnsafeBytes(TextCompression.decompress) else {
            throw DatabaseError(message: "the body of document \(id) is damaged: delete the index to rebuild it")
        }
        return text
    }

    /// Up to ``maximumSamples`` short texts of the index's bodies, taken evenly by id.
    private static func sampleShortBodies(_ db: Database) throws -> [String] {
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM document_bodies") ?? 0
        let step = max(1, count / (2 * maximumSamples))
        var samples: [String] = []
        let rows = try Row.fetchCursor(db, sql: "SELECT id, text FROM document_bodies WHERE id % ? = 0", arguments: [step])
        while let row = try rows.next(), samples.count < maximumSamples {
            let stored: Data = row[1]
            guard isShort(stored) else { continue }
            samples.append(try storedText(stored, id: row[0] as Int64))
        }
        return samples
    }

    /// Rewrites every short body with `dictionary`, a chunk of ids at a time (rows are not
    /// updated under a cursor reading them).
    private static func recompressShortBodies(with dictionary: BodyDictionary, _ db: Database) throws {
        let update = try db.makeStatement(sql: "UPDATE document_bodies SET text = ? WHERE id = ?")
        var after = Int64.min
        while true {
            let rows = try Row.fetchAll(db, sql: "SELECT id, text FROM document_bodies WHERE id > ? ORDER BY id LIMIT ?",
                                        arguments: [after, rewriteChunk])
            guard let last = rows.last else { return }
            after = last[0]
            for row in rows {
                let id: Int64 = row[0]
                let stored: Data = row[1]
                guard isShort(stored) else { continue }
                let text = try storedText(stored, id: id)
                try update.execute(arguments: [Data(TextCompression.compress(text, dictionary: dictionary)), id])
            }
        }
    }
}
