import Glibc

/// Reads a file: its bytes, its content hash, its format, and what the format extracts.
public struct DocumentReader: Sendable {
    /// Files larger than this are skipped (64 MiB by default).
    public var maxFileBytes: Int

    /// The largest file any limit lets through: SQLite stores at most 1,000,000,000 bytes in
    /// a value (`SQLITE_MAX_LENGTH`), and stored bodies count their text in 32 bits.
    public static let largestFileBytes = 512 << 20

    /// What reads the ``IsolatedFormat``s (the `furet-extract` helper in the daemon); with
    /// `nil`, their files are skipped as ``FileSkipReason/extractorUnavailable(errno:)``.
    public let extractor: (any IsolatedFormatReader)?

    /// `maxFileBytes` is capped at ``largestFileBytes``.
    public init(maxFileBytes: Int = 64 << 20, extractor: (any IsolatedFormatReader)? = nil) {
        self.maxFileBytes = min(maxFileBytes, Self.largestFileBytes)
        self.extractor = extractor
    }

    /// Whether Furet indexes files with this path's extension.
    public func supports(_ path: String) -> Bool {
        DocumentFormats.format(forPath: path) != nil
    }

    /// Whether the file at `path` is read by ``extractor``: in the daemon, the extraction
    /// helper, so that its reading mostly waits.
    public func readsInHelper(_ path: String) -> Bool {
        extractor != nil && DocumentFormats.format(forPath: path)?.runsIsolated == true
    }

    /// The file at `path`, whose size and mtime are `stamp`, read and extracted.
    public func read(_ path: String, stamp: FileStamp) throws(FileSkipReason) -> ReadFile {
        guard let format = DocumentFormats.format(forPath: path) else { throw .unsupportedFormat }
        let bytes = try FileSystem.read(path, limit: maxFileBytes)
        let extracted: ExtractedFile
        switch format {
        case .inProcess(let format):
            do {
                extracted = try format.extract(bytes)
            } catch {
                throw .extraction(error)
            }
        case .isolated(let format):
            guard let extractor else { throw .extractorUnavailable(errno: ENOENT) }
            extracted = try extractor.extract(format: format.name, bytes: bytes)
        }
        return ReadFile(path: path, stamp: stamp, hash: ContentHash.of(bytes), format: format.name, extracted: extracted)
    }
}
