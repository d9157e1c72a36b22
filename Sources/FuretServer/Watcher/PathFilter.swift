import FuretDocuments

/// Decides which files and directories the watcher neither watches nor reports.
///
/// The built-in rule is the indexer's, on the entry's name (``PathRules/isIgnored(name:)``:
/// hidden entries and editor leftovers). The caller's `isIgnored` sees the absolute path of
/// every other file and directory. The roots themselves are never ignored.
struct PathFilter: Sendable {
    let isIgnored: @Sendable (String) -> Bool

    /// Whether the entry `name`, at `path`, is to be ignored.
    func ignores(name: String, path: String) -> Bool {
        PathRules.isIgnored(name: name) || isIgnored(path)
    }
}
