/// The changes seen during one debounce window, reduced as they are recorded.
///
/// The daemon applies a batch in order, so each reduction keeps the result of applying it the
/// same while dropping redundant work:
///
/// - A file's latest state replaces the earlier ones: written twice gives one `.changed`,
///   written then deleted `.removed`, deleted then re-created `.changed`.
/// - A file that appeared during the batch and is gone by its end (create then delete) is not
///   reported: the index never knew it.
/// - Atomic save: a file written during the batch and then renamed (a temporary file renamed
///   over the original) is reported as `.changed(destination)` only. The temporary file, created
///   during the batch, is not reported; had it existed before, it is reported `.removed`.
/// - A directory removal drops the earlier changes below it.
/// - Renames of untouched files and of directories stay `.moved`, and changes are never merged
///   across a rename touching their path, so a path can appear twice around one: `mv a b` then
///   writing a new `a` gives `.moved(from: a, to: b)`, `.changed(a)`.
struct ChangeBatch {
    private enum Entry {
        /// A regular file appeared and was not yet closed after writing: reported once it is,
        /// and until then only needed to know the index cannot hold it.
        case created(String)
        /// A regular file to (re)index; `isNew` when it did not exist when the batch started.
        case changed(String, isNew: Bool)
        case removed(String)
        case moved(from: String, to: String)
        case rescan(String)

        /// The paths this entry is about.
        var paths: [String] {
            switch self {
            case .created(let path), .changed(let path, _), .removed(let path), .rescan(let path):
                [path]
            case .moved(let source, let destination):
                [source, destination]
            }
        }

        /// Whether this entry is about `path`, a directory above it, or a path below it.
        func overlaps(_ path: String) -> Bool {
            paths.contains { $0.isWithin(path) || path.isWithin($0) }
        }
    }

    /// Entries in arrival order; reduced ones become nil.
    private var entries: [Entry?] = []
    /// The position of each path's latest created, changed or file-removed entry.
    private var fileEntries: [String: Int] = [:]
    /// The positions of the entries about whole trees (moves, directory removals, rescans),
    /// which order the batch: no entry is merged across one that overlaps it.
    private var treeEntries: [Int] = []

    var isEmpty: Bool { fileEntries.isEmpty && treeEntries.isEmpty }

    /// The reduced changes, in the order the daemon must apply them.
    var changes: [FileChange] {
        entries.compactMap { entry in
            switch entry {
            case nil, .created: nil
            case .changed(let path, _): .changed(path)
            case .removed(let path): .removed(path)
            case .moved(let source, let destination): .moved(from: source, to: destination)
            case .rescan(let path): .rescan(path)
            }
        }
    }

    /// A regular file appeared (`IN_CREATE`); its `IN_CLOSE_WRITE` will report it.
    mutating func fileCreated(_ path: String) {
        if latestFileEntry(path) == nil {
            appendFileEntry(.created(path), for: path)
        }
    }

    /// A regular file was written (`IN_CLOSE_WRITE`), or found in a directory that appeared.
    ///
    /// - Parameter isNew: Whether the file cannot have existed when the batch started.
    mutating func fileChanged(_ path: String, isNew: Bool = false) {
        var isNew = isNew
        if let (index, entry) = latestFileEntry(path) {
            switch entry {
            case .created: isNew = true
            case .changed(_, let wasNew): isNew = wasNew
            default: isNew = false
            }
            entries[index] = nil
        }
        appendFileEntry(.changed(path, isNew: isNew), for: path)
    }

    /// A regular file was deleted or moved out of the roots.
    mutating func fileRemoved(_ path: String) {
        if let (index, entry) = latestFileEntry(path) {
            switch entry {
            case .removed:
                return
            case .created, .changed(_, isNew: true):
                entries[index] = nil
                fileEntries[path] = nil
                return
            default:
                entries[index] = nil
            }
        }
        appendFileEntry(.removed(path), for: path)
    }

    /// A directory was deleted or moved out of the roots: it and everything below it are gone.
    ///
    /// Drops the earlier entries that lie entirely below it (changes, and removals such as those
    /// of `rm -r`), back to the latest entry that could depend on them: a move overlapping it.
    mutating func directoryRemoved(_ path: String) {
        let fence = treeEntries.last { index in
            guard let entry = entries[index], entry.overlaps(path) else { return false }
            if case .removed(let removed) = entry { return !removed.isWithin(path) }
            return true
        } ?? -1
        for (file, index) in fileEntries where index > fence && file.isWithin(path) {
            entries[index] = nil
            fileEntries[file] = nil
        }
        treeEntries.removeAll { index in
            guard index > fence, case .removed(let removed)? = entries[index], removed.isWithin(path) else {
                return false
            }
            entries[index] = nil
            return true
        }
        appendTreeEntry(.removed(path))
    }

    /// A file or directory was renamed from `source` to `destination`, both inside the roots.
    mutating func moved(from source: String, to destination: String, isDirectory: Bool) {
        if !isDirectory, let (index, entry) = latestFileEntry(source) {
            switch entry {
            case .created, .changed:
                // Written during this batch: report the content where it ended up.
                entries[index] = nil
                fileEntries[source] = nil
                if case .changed(_, isNew: false) = entry {
                    appendFileEntry(.removed(source), for: source)
                }
                fileChanged(destination)
                return
            default:
                break
            }
        }
        if let (index, _) = latestFileEntry(destination) {
            // The rename replaces whatever was at the destination.
            entries[index] = nil
            fileEntries[destination] = nil
        }
        appendTreeEntry(.moved(from: source, to: destination))
    }

    /// Events were lost for the tree at `path`.
    mutating func rescan(_ path: String) {
        let alreadyCovered = treeEntries.contains { index in
            if case .rescan(let rescanned) = entries[index] { path.isWithin(rescanned) } else { false }
        }
        if !alreadyCovered {
            appendTreeEntry(.rescan(path))
        }
    }

    // MARK: Bookkeeping

    /// The latest file entry of `path`, unless a later tree entry overlaps it.
    private func latestFileEntry(_ path: String) -> (Int, Entry)? {
        guard let index = fileEntries[path], let entry = entries[index],
              index > latestTreeEntry(overlapping: path) ?? -1
        else { return nil }
        return (index, entry)
    }

    private func latestTreeEntry(overlapping path: String) -> Int? {
        treeEntries.last { entries[$0]?.overlaps(path) == true }
    }

    private mutating func appendFileEntry(_ entry: Entry, for path: String) {
        fileEntries[path] = entries.count
        entries.append(entry)
    }

    private mutating func appendTreeEntry(_ entry: Entry) {
        treeEntries.append(entries.count)
        entries.append(entry)
    }
}
