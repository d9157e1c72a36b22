/// Forgets roots, or every root under a folder, with their documents: they are no longer
/// indexed nor followed.
///
/// `{"paths": ["/home/ana/notes"]}` → ``ForgetResult``.
public struct ForgetRequest: RequestMethod, Hashable {
    public typealias Response = ForgetResult
    public static let method = "forget"

    /// Absolute paths of roots, or of folders holding roots.
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
