import FuretDocuments

// Path arithmetic on plain `String` paths, which is all the watcher needs.

extension String {
    /// `self` + "/" + `name`, without doubling the slash of the root directory.
    func appendingEntry(_ name: String) -> String {
        hasSuffix("/") ? self + name : self + "/" + name
    }

    /// Whether `self` is `directory` or lies below it.
    func isWithin(_ directory: String) -> Bool {
        PathRules.contains(root: directory, path: self)
    }

    /// `self` with its leading `prefix` (a directory it lies within) replaced by `replacement`.
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        replacement + dropFirst(prefix.count)
    }
}
