/// Which paths Furet reads and which it ignores.
public enum PathRules {
    /// Whether `path` is `root` itself or lies under it.
    public static func contains(root: String, path: String) -> Bool {
        path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// Hidden files and folders (`.git`, `.cache`, `.notes.txt`) and editor leftovers
    /// (`notes.txt~`, `.notes.txt.swp`, `#notes.txt#`) are never indexed.
    public static func isIgnored(name: some StringProtocol) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || (name.hasPrefix("#") && name.hasSuffix("#"))
    }

    /// Whether any component of `path` below `root` is ignored.
    public static func isIgnored(path: String, under root: String) -> Bool {
        path.dropFirst(root.count).split(separator: "/").contains { isIgnored(name: $0) }
    }
}
