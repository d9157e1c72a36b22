/// A file format read in the process that asks: how to get text out of a file's bytes.
///
/// A format is a stateless value chosen by file extension in ``DocumentFormats``. It gets
/// the whole file as bytes (never a path: in `furet-extract` it has no file system access)
/// and returns the documents it found, or a typed failure. It must never crash or loop on
/// hostile input when it runs in the daemon; formats built on C parsers run in the
/// `furet-extract` helper instead, which the daemon restarts if it dies: the daemon knows
/// them as an ``IsolatedFormat`` (a name and extensions), and their code is in
/// `FuretIsolatedFormats`, which it does not link.
///
/// ```swift
/// struct RTFFormat: DocumentFormat {
///     let name = "rtf"
///     let extensions: Set<String> = ["rtf"]
///     func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile { … }
/// }
/// ```
public protocol DocumentFormat: Sendable {
    /// The name recorded in the index and sent to the helper (`text`, `html`, `pdf`); unique.
    var name: String { get }
    /// Lowercase extensions, without the dot; no two formats share one.
    var extensions: Set<String> { get }
    /// Whether the body keeps the file's lines, so that a line of the body is the same line
    /// of the file (plain text): search hits can then be cited as `path:line`.
    var keepsLines: Bool { get }
    /// The documents in a file's bytes.
    ///
    /// - Throws: ``ExtractionFailure`` when the bytes cannot be read as this format.
    func extract(_ bytes: [UInt8]) throws(ExtractionFailure) -> ExtractedFile
}

extension DocumentFormat {
    public var keepsLines: Bool { false }
}
