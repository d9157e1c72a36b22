/// What reads the ``IsolatedFormat``s for a ``DocumentReader``: ``IsolatedExtractor`` (the
/// `furet-extract` helper) in the daemon; the formats' own code, `FuretIsolatedFormats`'s
/// `IsolatedFormats`, in tests and benchmarks that read them in their own process.
public protocol IsolatedFormatReader: Sendable {
    /// How many files it reads at once.
    var helperCount: Int { get }
    /// What the isolated format named `format` extracts from `bytes`.
    ///
    /// - Throws: ``FileSkipReason/extraction(_:)`` when the format cannot read the bytes;
    ///   another reason when the reading itself failed (the helper died, or overran its time).
    func extract(format: String, bytes: [UInt8]) throws(FileSkipReason) -> ExtractedFile
}
