/// The directories under watch: inotify watch descriptors and their current paths, both ways,
/// plus the directories that could not be watched.
///
/// Paths change when a directory is renamed: ``moveTree(from:to:)`` rewrites every path below
/// it, so later events on the same descriptors resolve to the new paths.
struct WatchTable {
    private var pathsByDescriptor: [Int32: String] = [:]
    private var descriptorsByPath: [String: Int32] = [:]
    /// Tops of the subtrees that have no watch, because adding one failed (watch limit, access).
    private(set) var unwatched: Set<String> = []

    var count: Int { pathsByDescriptor.count }

    func path(for descriptor: Int32) -> String? { pathsByDescriptor[descriptor] }

    /// Whether the directory at `path` is watched or lies in an unwatched subtree.
    func knows(_ path: String) -> Bool {
        descriptorsByPath[path] != nil || unwatched.contains { path.isWithin($0) }
    }

    /// Records that `path` is watched by `descriptor`, replacing any previous watch of that path.
    mutating func insert(_ descriptor: Int32, path: String) {
        if let previous = descriptorsByPath.updateValue(descriptor, forKey: path), previous != descriptor {
            pathsByDescriptor[previous] = nil
        }
        pathsByDescriptor[descriptor] = path
        unwatched.remove(path)
    }

    mutating func markUnwatched(_ path: String) {
        unwatched.insert(path)
    }

    /// Forgets a watch the kernel dropped (`IN_IGNORED`).
    mutating func removeDescriptor(_ descriptor: Int32) {
        guard let path = pathsByDescriptor.removeValue(forKey: descriptor) else { return }
        if descriptorsByPath[path] == descriptor {
            descriptorsByPath[path] = nil
        }
    }

    /// Forgets `path` and everything below it; returns the watch descriptors that were dropped.
    mutating func removeTree(at path: String) -> [Int32] {
        unwatched = unwatched.filter { !$0.isWithin(path) }
        let removed = descriptorsByPath.filter { $0.key.isWithin(path) }
        for (path, descriptor) in removed {
            descriptorsByPath[path] = nil
            pathsByDescriptor[descriptor] = nil
        }
        return Array(removed.values)
    }

    /// Renames `source` and every path below it to lie below `destination` instead.
    ///
    /// Whatever was known at `destination` is forgotten first: a rename over an (empty)
    /// directory replaces it, and the kernel drops the replaced directory's watch itself.
    mutating func moveTree(from source: String, to destination: String) {
        _ = removeTree(at: destination)
        let moved = descriptorsByPath.filter { $0.key.isWithin(source) }
        for (path, descriptor) in moved {
            let newPath = path.replacingPrefix(source, with: destination)
            descriptorsByPath[path] = nil
            descriptorsByPath[newPath] = descriptor
            pathsByDescriptor[descriptor] = newPath
        }
        unwatched = Set(unwatched.map { path in
            path.isWithin(source) ? path.replacingPrefix(source, with: destination) : path
        })
    }
}
