/// What the index knows of a file: enough to tell whether it changed on disk.
public struct FileStamp: Sendable, Equatable, Hashable, Codable {
    public var size: Int
    /// Modification time, seconds since 1970.
    public var mtime: Double

    public init(size: Int, mtime: Double) {
        self.size = size
        self.mtime = mtime
    }
}
