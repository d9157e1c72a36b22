import Foundation

/// A body in its stored form (``TextCompression``), made ahead of SQLite's writer by the
/// workers of ``DocumentAnalysis``, with the dictionary it was offered.
///
/// Compressing on the writer's thread (a zstd frame per paragraph-sized body) took time from
/// the build's bottleneck. A body compressed before the index had its dictionary (a batch
/// analysed while the write before it trained the first one) is compressed again by the
/// writer: ``isCurrent(with:)`` tells.
struct StoredBody: Sendable {
    let bytes: Data
    /// Whether the text is short enough for the dictionary (``TextCompression/dictionaryLimit``).
    private let isShort: Bool
    /// The dictionary offered when it was compressed (`nil`: blocks).
    private let dictionary: BodyDictionary?

    init(_ text: String, dictionary: BodyDictionary?) {
        bytes = Data(TextCompression.compress(text, dictionary: dictionary))
        isShort = text.utf8.count <= TextCompression.dictionaryLimit
        self.dictionary = dictionary
    }

    /// Whether these bytes are what compressing the text with `current` would store: always
    /// for a long text (blocks either way), for a short one when it was offered `current`.
    func isCurrent(with current: BodyDictionary?) -> Bool {
        !isShort || dictionary === current
    }
}
