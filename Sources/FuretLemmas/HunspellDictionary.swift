import CHunspell
import Glibc
import Synchronization

/// A Hunspell dictionary, used for its morphology: the lemmas (`stem` in Hunspell's terms)
/// of a word form.
///
/// Hunspell is not thread-safe, so calls are serialised; callers cache results (see
/// ``LemmaCache``), as a lookup costs microseconds.
public final class HunspellDictionary: Sendable {
    /// Where Debian's `hunspell-fr` installs the French dictionary.
    public static let debianFrench = (aff: "/usr/share/hunspell/fr_FR.aff", dic: "/usr/share/hunspell/fr_FR.dic")

    /// The handle, only touched with the lock held.
    private let handle: Mutex<OpaquePointerBox>

    /// Opens the dictionary at `aff`/`dic`.
    /// - Throws: ``LemmaError/dictionaryMissing(_:)`` when a file is not there.
    public init(aff: String, dic: String) throws(LemmaError) {
        for path in [aff, dic] where access(path, R_OK) != 0 {
            throw .dictionaryMissing(path)
        }
        guard let handle = Hunspell_create(aff, dic) else { throw .dictionaryMissing(dic) }
        self.handle = Mutex(OpaquePointerBox(pointer: handle))
    }

    deinit {
        handle.withLock { Hunspell_destroy($0.pointer) }
    }

    /// The lemmas of a lowercase UTF-8 word, as Hunspell spells them; empty when unknown.
    public func lemmas(of word: [UInt8]) -> [[UInt8]] {
        var cString = word
        cString.append(0)
        return handle.withLock { box in
            var list: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
            let count = cString.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { Hunspell_stem(box.pointer, &list, $0.baseAddress) }
            }
            defer { Hunspell_free_list(box.pointer, &list, count) }
            guard let list, count > 0 else { return [] }
            return (0..<Int(count)).compactMap { index in
                list[index].map { Array(UnsafeRawBufferPointer(start: $0, count: strlen($0))) }
            }
        }
    }
}

/// Hunspell's handle, moved in and out of the mutex.
///
/// `@unchecked Sendable`: the pointer is only dereferenced by Hunspell with the
/// dictionary's lock held.
struct OpaquePointerBox: @unchecked Sendable {
    let pointer: OpaquePointer
}

/// Errors opening lemma dictionaries.
public enum LemmaError: Error, CustomStringConvertible, Sendable, Equatable {
    case dictionaryMissing(String)

    public var description: String {
        switch self {
        case .dictionaryMissing(let path):
            "Hunspell dictionary \(path) is missing (Debian package hunspell-fr)"
        }
    }
}
