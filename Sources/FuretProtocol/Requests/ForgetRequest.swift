/// Removes files, or directories recursively, from the index.
///
/// `{"paths": ["/home/ana/notes/old.txt"]}` → ``ForgetResult``.
public struct ForgetRequest: RequestMethod, Hashable {
    public typealias Response = ForgetResult
    public static let method = "forget"

    /// Absolute paths, as the index stores them.
    public var paths: [String]

    public init(paths: [String]) {
        self.paths = paths
    }
}

public struct ForgetResult: Codable, Hashable, Sendable {
    /// The number of documents removed from the index.
    public var removed: Int

    public init(removed: Int) {
        self.removed = removed
    }
}
