import Dispatch
import Glibc
import Synchronization

/// A regular file found on disk.
public struct FoundFile: Sendable, Equatable {
    public var path: String
    public var stamp: FileStamp

    public init(path: String, stamp: FileStamp) {
        self.path = path
        self.stamp = stamp
    }
}

/// Thin, allocation-light file system calls for scanning and reading.
public enum FileSystem {
    /// The stamp of a regular file (symlinks are not followed), or `nil`.
    public static func stamp(ofRegularFile path: String) -> FileStamp? {
        var info = stat()
        guard PathBytes.withCString(path, { lstat($0, &info) }) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return stamp(info)
    }

    /// Whether `path` is a directory (not a symlink to one).
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return PathBytes.withCString(path) { lstat($0, &info) } == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    /// The absolute, symlink-free form of `path`, or `nil` when it does not exist.
    public static func resolve(_ path: String) -> String? {
        guard let resolved = PathBytes.withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return PathBytes.string(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }

    /// Every regular file under `root` (or `root` itself when it is a file), skipping ignored
    /// names and never following symlinks. Unreadable directories are reported to `onError`.
    ///
    /// The folders of each depth are listed on every core at once (`readdir` and an
    /// `fstatat` per entry, mostly the kernel's time), then the files are given in the order
    /// one thread listing them depth first would give: each folder's files in `readdir`'s
    /// order, its subfolders after it, the last found first. The 1,000,000 files of the
    /// growth set kept one core busy about 7 s from a cold page cache; listed on both cores,
    /// `furetd`'s writer started 3 to 4 s sooner (about 1 s sooner with the cache warm).
    public static func scan(_ root: String, onError: (String, Int32) -> Void = { _, _ in }) -> [FoundFile] {
        if let stamp = stamp(ofRegularFile: root) { return [FoundFile(path: root, stamp: stamp)] }
        var listings: [String: Listing] = [:]
        var depth = [root]
        while !depth.isEmpty {
            let listed = Mutex<[Listing?]>(Array(repeating: nil, count: depth.count))
            DispatchQueue.concurrentPerform(iterations: depth.count) { [depth] index in
                let listing = Listing(of: depth[index])
                listed.withLock { $0[index] = listing }
            }
            let next = listed.withLock { $0 }
            var deeper: [String] = []
            for (directory, listing) in zip(depth, next) {
                guard let listing else { continue }
                if case .read(_, let directories) = listing { deeper += directories }
                listings[directory] = listing
            }
            depth = deeper
        }
        var files: [FoundFile] = []
        var directories = [root]
        while let directory = directories.popLast() {
            switch listings.removeValue(forKey: directory) {
            case .read(let found, let subdirectories):
                files += found
                directories += subdirectories
            case .unreadable(let code):
                onError(directory, code)
            case nil:
                continue
            }
        }
        return files
    }

    /// One folder's entries, each kind in `readdir`'s order, or why it could not be opened.
    private enum Listing: Sendable {
        case read(files: [FoundFile], directories: [String])
        case unreadable(errno: Int32)

        init(of directory: String) {
            guard let handle = PathBytes.withCString(directory, { opendir($0) }) else {
                self = .unreadable(errno: errno)
                return
            }
            defer { closedir(handle) }
            var files: [FoundFile] = []
            var directories: [String] = []
            let descriptor = dirfd(handle)
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    PathBytes.string(UnsafeRawBufferPointer(rebasing: raw.prefix { $0 != 0 }))
                }
                guard name != ".", name != "..", !PathRules.isIgnored(name: name) else { continue }
                var info = stat()
                guard PathBytes.withCString(name, { fstatat(descriptor, $0, &info, AT_SYMLINK_NOFOLLOW) }) == 0 else { continue }
                let path = directory == "/" ? "/" + name : directory + "/" + name
                switch info.st_mode & S_IFMT {
                case S_IFDIR: directories.append(path)
                case S_IFREG: files.append(FoundFile(path: path, stamp: FileSystem.stamp(info)))
                default: continue  // symlinks, sockets, devices
                }
            }
            self = .read(files: files, directories: directories)
        }
    }

    private static func stamp(_ info: stat) -> FileStamp {
        FileStamp(size: Int(info.st_size), mtime: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// Reads a whole file, refusing more than `limit` bytes.
    ///
    /// The file may have been swapped since it was listed: `O_NONBLOCK` keeps the open of a
    /// FIFO (or a device) from waiting for a writer, and the descriptor itself is checked to
    /// be a regular file before anything is read. Regular files ignore `O_NONBLOCK`.
    static func read(_ path: String, limit: Int) throws(FileSkipReason) -> [UInt8] {
        let descriptor = PathBytes.withCString(path) { open($0, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }
        guard descriptor >= 0 else { throw .unreadable(errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notRegular }
        guard Int(info.st_size) <= limit else { throw .tooLarge(size: Int(info.st_size), limit: limit) }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { throw .unreadable(errno: errno) }
            if count == 0 { break }  // the file shrank while reading
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}

/// Why a file was not indexed; logged, never silent.
public enum FileSkipReason: Error, CustomStringConvertible, Sendable, Equatable {
    case unreadable(errno: Int32)
    case notRegular
    case tooLarge(size: Int, limit: Int)
    case unsupportedFormat
    /// The format could not read the bytes.
    case extraction(ExtractionFailure)
    /// The `furet-extract` helper died on the file (signal 0: it exited or answered garbage).
    case extractorCrashed(signal: Int32)
    /// The helper took longer than its per-file limit and was killed.
    case extractorTimedOut(seconds: Double)
    /// The helper could not be started.
    case extractorUnavailable(errno: Int32)

    public var description: String {
        switch self {
        case .unreadable(let code): "unreadable (\(String(cString: strerror(code))))"
        case .notRegular: "not a regular file"
        case .tooLarge(let size, let limit): "too large (\(size) bytes, limit \(limit))"
        case .unsupportedFormat: "unsupported format"
        case .extraction(let failure): failure.description
        case .extractorCrashed(let signal): signal == 0 ? "extractor crashed" : "extractor crashed (signal \(signal))"
        case .extractorTimedOut(let seconds): "extractor timed out (\(seconds) s)"
        case .extractorUnavailable(let code): "extractor unavailable (\(String(cString: strerror(code))))"
        }
    }

    /// A stable, short name of the reason, as `status` counts it.
    public var kind: String {
        switch self {
        case .unreadable: "unreadable"
        case .notRegular: "not_regular"
        case .tooLarge: "too_large"
        case .unsupportedFormat: "unsupported_extension"
        case .extraction(let failure): failure.kind
        case .extractorCrashed: "extractor_crashed"
        case .extractorTimedOut: "timed_out"
        case .extractorUnavailable: "extractor_unavailable"
        }
    }

    /// Whether the file is worth reading again before it changes: not when reading it
    /// failed for a reason in its bytes (or that killed the helper), but yes when the cause
    /// lies outside it (permissions, a helper that could not start).
    public var isLasting: Bool {
        switch self {
        case .unreadable, .notRegular, .extractorUnavailable: false
        default: true
        }
    }
}
