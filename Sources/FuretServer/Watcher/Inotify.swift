import FuretDocuments
import Glibc

// Thin wrappers over the system calls the watcher makes: each retries on EINTR and throws
// the call's name with errno. Everything else in the watcher is plain Swift.

/// Calls `body` until it stops failing with EINTR; a result of -1 becomes a ``SystemCallError``.
private func retryingOnInterrupt<Result: BinaryInteger>(
    _ call: String,
    _ body: () -> Result
) throws(SystemCallError) -> Result {
    while true {
        let result = body()
        guard result == -1 else { return result }
        guard errno == EINTR else { throw SystemCallError(call: call, errno: errno) }
    }
}

// MARK: - inotify

/// Bits of an inotify watch or event mask, see `inotify(7)`.
///
/// Glibc imports the `IN_*` constants as `Int32` (`IN_NONBLOCK` and `IN_CLOEXEC` as `Int`)
/// while masks are `UInt32`, hence this type.
struct InotifyMask: OptionSet, Hashable, Sendable {
    let rawValue: UInt32

    init(rawValue: UInt32) { self.rawValue = rawValue }
    private init(_ flag: Int32) { self.init(rawValue: UInt32(bitPattern: flag)) }

    static let create = InotifyMask(IN_CREATE)
    static let closeWrite = InotifyMask(IN_CLOSE_WRITE)
    static let delete = InotifyMask(IN_DELETE)
    static let movedFrom = InotifyMask(IN_MOVED_FROM)
    static let movedTo = InotifyMask(IN_MOVED_TO)
    static let deleteSelf = InotifyMask(IN_DELETE_SELF)
    static let moveSelf = InotifyMask(IN_MOVE_SELF)
    static let onlyDirectory = InotifyMask(IN_ONLYDIR)
    static let dontFollow = InotifyMask(IN_DONT_FOLLOW)
    static let excludeUnlinked = InotifyMask(IN_EXCL_UNLINK)
    /// Event flag: the subject of the event is a directory.
    static let isDirectory = InotifyMask(IN_ISDIR)
    /// Event flag: the kernel queue overflowed and events were lost.
    static let queueOverflow = InotifyMask(IN_Q_OVERFLOW)
    /// Event flag: the watch was removed (explicitly, or because its directory is gone).
    static let ignored = InotifyMask(IN_IGNORED)
    /// Event flag: the file system holding the watched directory was unmounted.
    static let unmount = InotifyMask(IN_UNMOUNT)
}

/// One event read from an inotify descriptor.
struct InotifyEvent: Equatable {
    /// The watch descriptor the event belongs to, -1 for ``InotifyMask/queueOverflow``.
    var descriptor: Int32
    var mask: InotifyMask
    /// Pairs an ``InotifyMask/movedFrom`` with its ``InotifyMask/movedTo``.
    var cookie: UInt32
    /// The entry's name inside the watched directory; nil for events about the directory itself.
    var name: String?

    /// Size of `struct inotify_event` without its trailing name: wd, mask, cookie, len.
    static let headerSize = 16

    /// Decodes the events the kernel wrote into `bytes`.
    ///
    /// Swift imports `struct inotify_event` without its flexible `name` member, so each event is
    /// read by hand: a 16-byte header whose last field, `len`, counts the NUL-padded name bytes
    /// that follow. Names are converted by ``PathBytes``, so one that is not valid UTF-8 keeps
    /// its bytes.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        while offset + headerSize <= bytes.count {
            let nameLength = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + headerSize
            guard nameStart + nameLength <= bytes.count else { break }
            let nameBytes = bytes[nameStart..<nameStart + nameLength].prefix { $0 != 0 }
            events.append(InotifyEvent(
                descriptor: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                mask: InotifyMask(
                    rawValue: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
                ),
                cookie: bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self),
                name: nameBytes.isEmpty ? nil : PathBytes.string(UnsafeRawBufferPointer(rebasing: nameBytes))
            ))
            offset = nameStart + nameLength
        }
        return events
    }
}

/// A non-blocking inotify instance, closed on deinit.
final class Inotify {
    let descriptor: Int32
    /// Read buffer; a buffer smaller than one event (header plus `NAME_MAX + 1`) fails with EINVAL.
    private let buffer: UnsafeMutableRawBufferPointer

    init() throws(SystemCallError) {
        descriptor = try retryingOnInterrupt("inotify_init1") {
            inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        }
        buffer = .allocate(byteCount: 64 * 1024, alignment: MemoryLayout<inotify_event>.alignment)
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// Starts watching `path`, or updates its mask; returns the watch descriptor.
    func addWatch(_ path: String, mask: InotifyMask) throws(SystemCallError) -> Int32 {
        try retryingOnInterrupt("inotify_add_watch") {
            PathBytes.withCString(path) { inotify_add_watch(descriptor, $0, mask.rawValue) }
        }
    }

    func removeWatch(_ watch: Int32) throws(SystemCallError) {
        _ = try retryingOnInterrupt("inotify_rm_watch") { inotify_rm_watch(descriptor, watch) }
    }

    /// Reads the queued events, or none if the queue is empty.
    func readEvents() throws(SystemCallError) -> [InotifyEvent] {
        let count: Int
        do throws(SystemCallError) {
            count = try retryingOnInterrupt("read") { read(descriptor, buffer.baseAddress, buffer.count) }
        } catch where error.errno == EAGAIN {
            return []
        }
        return InotifyEvent.parse(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
    }
}

// MARK: - Waking up a poll

/// A self-pipe that lets any thread wake the watcher's `poll(2)`.
///
/// A pipe rather than an eventfd because Glibc's Swift module does not export `eventfd`.
final class WakeUpPipe: Sendable {
    let readEnd: Int32
    private let writeEnd: Int32

    init() throws(SystemCallError) {
        var ends: [Int32] = [-1, -1]
        _ = try retryingOnInterrupt("pipe") { pipe(&ends) }
        (readEnd, writeEnd) = (ends[0], ends[1])
        for end in ends {
            _ = try retryingOnInterrupt("fcntl") { fcntl(end, F_SETFD, FD_CLOEXEC) }
            _ = try retryingOnInterrupt("fcntl") { fcntl(end, F_SETFL, O_NONBLOCK) }
        }
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Makes ``readEnd`` readable; a full pipe (EAGAIN) is already readable, so errors are moot.
    func signal() {
        var byte: UInt8 = 1
        _ = try? retryingOnInterrupt("write") { write(writeEnd, &byte, 1) }
    }
}

/// Waits until one of `descriptors` is readable or `timeout` milliseconds pass (-1: forever);
/// returns which descriptors are readable.
func pollReadable(_ descriptors: [Int32], timeout: Int32) throws(SystemCallError) -> [Bool] {
    var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    _ = try retryingOnInterrupt("poll") { poll(&entries, nfds_t(entries.count), timeout) }
    return entries.map { $0.revents != 0 }
}

// MARK: - Files and directories

/// What a directory entry is, as far as the watcher cares. Symbolic links are `.other`.
enum FileKind: Equatable {
    case directory, regularFile, other
}

/// `lstat(2)`: the kind of `path` without following a final symbolic link, and its link count.
func fileStatus(_ path: String) throws(SystemCallError) -> (kind: FileKind, linkCount: Int) {
    var status = stat()
    _ = try retryingOnInterrupt("lstat") { PathBytes.withCString(path) { lstat($0, &status) } }
    let kind: FileKind = switch status.st_mode & S_IFMT {
    case S_IFDIR: .directory
    case S_IFREG: .regularFile
    default: .other
    }
    return (kind, Int(status.st_nlink))
}

/// The entries of the directory at `path` (without `.` and `..`), read with `readdir(3)`.
///
/// Kinds come from `d_type`, with an `lstat` where the file system does not fill it in. Names
/// are converted by ``PathBytes``, as in ``InotifyEvent/parse(_:)``.
func directoryEntries(_ path: String) throws(SystemCallError) -> [(name: String, kind: FileKind)] {
    guard let directory = PathBytes.withCString(path, { opendir($0) }) else { throw SystemCallError(call: "opendir", errno: errno) }
    defer { closedir(directory) }
    var entries: [(name: String, kind: FileKind)] = []
    while true {
        errno = 0
        guard let entry = readdir(directory) else {
            if errno != 0 { throw SystemCallError(call: "readdir", errno: errno) }
            return entries
        }
        let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
            PathBytes.string(UnsafeRawBufferPointer(rebasing: bytes.prefix { $0 != 0 }))
        }
        guard name != ".", name != ".." else { continue }
        switch Int(entry.pointee.d_type) {
        case DT_DIR: entries.append((name, .directory))
        case DT_REG: entries.append((name, .regularFile))
        case DT_UNKNOWN:
            guard let status = try? fileStatus(path.appendingEntry(name)) else { continue }
            entries.append((name, status.kind))
        default: entries.append((name, .other))
        }
    }
}
