/// Decides which files and directories the watcher neither watches nor reports.
///
/// Built-in rules work on the entry's name: hidden entries (`.git`, `.cache`, `.notes.txt`,
/// including Vim's `.notes.txt.swp`) and editor leftovers (Emacs' `notes.txt~` and
/// `#notes.txt#`). The caller's `isIgnored` sees the absolute path of every other file and
/// directory. The roots themselves are never ignored.
struct PathFilter: Sendable {
    let isIgnored: @Sendable (String) -> Bool

    /// Whether the entry `name`, at `path`, is to be ignored.
    func ignores(name: String, path: String) -> Bool {
        Self.isHiddenOrLeftover(name) || isIgnored(path)
    }

    /// The name-only rules: hidden files and editor backup, swap and autosave files.
    static func isHiddenOrLeftover(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
            || (name.count > 1 && name.hasPrefix("#") && name.hasSuffix("#"))
    }
}
