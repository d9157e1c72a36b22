/// A file as read by ``DocumentReader``, ready for the index.
public struct ReadFile: Sendable {
    public var path: String
    public var stamp: FileStamp
    /// ``ContentHash`` of the file's bytes.
    public var hash: UInt64
    /// The ``DocumentFormat/name`` of the format that read it.
    public var format: String
    public var extracted: ExtractedFile
}
