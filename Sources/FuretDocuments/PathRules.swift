/// Which paths Furet reads and which it ignores.
public enum PathRules {
    /// Whether `path` is `root` itself or lies under it.
    public static func contains(root: String, path: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// Hidden files and folders (`.git`, `.cache`, `.notes.txt`, Vim's `.notes.txt.swp`) and
    /// editor leftovers (Emacs' `notes.txt~` and `#notes.txt#`) are never indexed nor watched.
    /// A name that is only `#` is a name like any other.
    public static func isIgnored(name: some StringProtocol) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
            || (name.count > 1 && name.hasPrefix("#") && name.hasSuffix("#"))
    }
}
