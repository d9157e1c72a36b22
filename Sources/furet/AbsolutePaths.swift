import FoundationEssentials

/// `paths` made absolute against the current directory, since the daemon has its own.
///
/// `.` components and repeated slashes are dropped; `..` stays, since resolving it without
/// the file system is wrong across symbolic links.
func absolutePaths(_ paths: [String]) -> [String] {
    let directory = FileManager.default.currentDirectoryPath
    return paths.map { path in
        let absolute = path.hasPrefix("/") ? path : "\(directory)/\(path)"
        return "/" + absolute.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
    }
}
