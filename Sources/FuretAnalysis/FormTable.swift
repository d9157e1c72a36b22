import Glibc

/// The document forms of short words, cached in flat memory: the analyzer's hot path.
///
/// Profiles showed the tokenizer spending most of its time in a `Dictionary` keyed by byte
/// arrays (hashing, pointer chasing, reference counting). Words of up to 16 bytes — nearly
/// all French words — pack into two integers, so this open-addressing table finds them with
/// a multiply, a mask and a compare, and keeps their forms in one byte buffer as
/// `[kind][length][bytes]…`. Longer words are simply not cached.
///
/// When the table is three quarters full (196,608 words), or its byte buffer is, it starts
/// afresh: the frequent words come back within a few documents. Memory is fixed (10 MB at
/// most, touched as words arrive). A novel corpus's vocabulary overflowed a table a quarter
/// this size every few hundred documents: analysing `eltec-fr` took 2.7–4.0 s then, 1.9–2.1 s
/// now (`Tools/bench` tokenizer section, D).
final class FormTable {
    typealias Key = PackedToken

    private static let slotCount = 1 << 18
    private static let maximumWords = slotCount / 4 * 3
    private static let byteCapacity = 1 << 22

    /// Zeroed by `calloc`, whose large blocks are mapped lazily: a table only takes the
    /// memory its words touch.
    private let keys = calloc(slotCount, MemoryLayout<Key>.stride)!.bindMemory(to: Key.self, capacity: slotCount)
    /// For each slot: where the word's forms start in `bytes`, and (high bits) how many.
    private let entries = UnsafeMutablePointer<UInt64>.allocate(capacity: slotCount)
    private let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: byteCapacity)
    private var byteCount = 0
    private var wordCount = 0

    deinit {
        free(keys)
        entries.deallocate()
        bytes.deallocate()
    }

    /// The key of a word, or `nil` when it is too long to cache.
    @inline(__always)
    static func key(of word: UnsafeBufferPointer<UInt8>) -> Key? {
        PackedToken(word)
    }

    @inline(__always)
    private static func slot(of key: Key) -> Int {
        var hash = key.low &* 0x9E37_79B9_7F4A_7C15 ^ key.high &* 0xC2B2_AE3D_27D4_EB4F
        hash ^= hash >> 29
        return Int(truncatingIfNeeded: hash) & (slotCount - 1)
    }

    /// Where the forms of a cached word are (for ``forEachForm(in:_:)``), or `nil` when the
    /// word is not cached.
    @inline(__always)
    func entry(of key: Key) -> UInt64? {
        var slot = Self.slot(of: key)
        while keys[slot] != .empty {
            if keys[slot] == key { return entries[slot] }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        return nil
    }

    /// Calls `body` with each form (kind, bytes and index) of the word whose ``entry(of:)``
    /// is `entry`; valid until the next ``insert(_:forms:kinds:)``.
    @inline(__always)
    func forEachForm(in entry: UInt64, _ body: (TermKind, UnsafeBufferPointer<UInt8>, Int) -> Void) {
        var offset = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF)
        for index in 0..<Int(entry >> 32) {
            let kind = Self.kind(code: bytes[offset])
            let length = Int(bytes[offset + 1])
            body(kind, UnsafeBufferPointer(start: bytes + offset + 2, count: length), index)
            offset += 2 + length
        }
    }

    /// Caches the forms of a word (`forms` as kind-prefixed tokens, `kinds` their kinds).
    func insert(_ key: Key, forms: [ArraySlice<UInt8>], kinds: [TermKind]) {
        let needed = forms.reduce(0) { $0 + 2 + $1.count }
        if wordCount >= Self.maximumWords || byteCount + needed > Self.byteCapacity { clear() }
        var slot = Self.slot(of: key)
        while keys[slot] != .empty {
            if keys[slot] == key { return }
            slot = (slot + 1) & (Self.slotCount - 1)
        }
        keys[slot] = key
        entries[slot] = UInt64(forms.count) << 32 | UInt64(byteCount)
        for (form, kind) in zip(forms, kinds) {
            bytes[byteCount] = Self.code(of: kind)
            bytes[byteCount + 1] = UInt8(form.count)
            form.withUnsafeBufferPointer { source in
                (bytes + byteCount + 2).update(from: source.baseAddress!, count: source.count)
            }
            byteCount += 2 + form.count
        }
        wordCount += 1
    }

    @inline(__always)
    private static func code(of kind: TermKind) -> UInt8 {
        switch kind {
        case .stem: 0
        case .lemma: 1
        case .exact: 2
        case .pair: 3
        }
    }

    @inline(__always)
    private static func kind(code: UInt8) -> TermKind {
        switch code {
        case 1: .lemma
        case 2: .exact
        case 3: .pair
        default: .stem
        }
    }

    private func clear() {
        keys.update(repeating: .empty, count: Self.slotCount)
        byteCount = 0
        wordCount = 0
    }
}

/// A word or token of at most 16 bytes packed into two integers: its bytes, little-endian,
/// zero-padded. Words contain no zero byte and are never empty, so a real token never equals
/// ``empty``. Comparing and hashing it costs two integer operations.
struct PackedToken: Hashable, Sendable {
    static let maximumBytes = 16
    static let empty = PackedToken(low: 0, high: 0)

    let low: UInt64
    let high: UInt64

    private init(low: UInt64, high: UInt64) {
        self.low = low
        self.high = high
    }

    /// Packs `bytes`, or `nil` when they are empty or longer than ``maximumBytes``.
    @inline(__always)
    init?(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty, bytes.count <= Self.maximumBytes else { return nil }
        var words: (low: UInt64, high: UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &words) { $0.copyMemory(from: UnsafeRawBufferPointer(bytes)) }
        self.init(low: UInt64(littleEndian: words.low), high: UInt64(littleEndian: words.high))
    }
}
