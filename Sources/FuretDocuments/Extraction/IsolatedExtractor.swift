import Glibc
import Synchronization

/// Runs the ``IsolatedFormat``s in the `furet-extract` helper and supervises it.
///
/// One long-lived helper reads file after file (starting a process per file costs more than
/// reading a short PDF). It is started on first use; when it dies on a file (a crash, a
/// memory or CPU limit) or overruns the per-file wall-clock limit (it is then killed), that
/// file fails with ``FileSkipReason/extractorCrashed(signal:)`` or
/// ``FileSkipReason/extractorTimedOut(seconds:)`` and the next file starts a new helper: a
/// bad file costs one restart, never a restart loop, since the indexer records it and does
/// not retry it until it changes. Each helper reads one file at a time; with several
/// (``helperCount``), that many files are read at once, on as many cores.
public final class IsolatedExtractor: IsolatedFormatReader {
    /// What the helper may use.
    public struct Limits: Sendable {
        /// Address space of the helper, in MiB.
        public var memoryMiB: Int
        /// CPU time per file, in seconds (enforced by the kernel in the helper).
        public var cpuSeconds: Int
        /// Wall-clock time per file, in seconds, after which the helper is killed.
        public var wallSeconds: Double

        public init(memoryMiB: Int = 2048, cpuSeconds: Int = 60, wallSeconds: Double = 90) {
            self.memoryMiB = memoryMiB
            self.cpuSeconds = cpuSeconds
            self.wallSeconds = wallSeconds
        }
    }

    /// A running helper: its process and our end of its socket.
    private struct Helper {
        var pid: pid_t
        var socket: FrameSocket
    }

    public let executable: String
    public let limits: Limits
    /// A helper's place: `nil` while it is not running; locked for the whole of a file's
    /// extraction.
    private final class Slot: Sendable {
        let running = Mutex<Helper?>(nil)
    }

    private let helpers: [Slot]
    /// The slot a caller waits for when every helper is busy: callers take turns.
    private let turn = Atomic<Int>(0)
    private let processID = Atomic<pid_t>(0)

    /// Starts no process yet: helpers start when files come, up to `helpers` of them.
    public init(executable: String, limits: Limits = Limits(), helpers: Int = 1) {
        self.executable = executable
        self.limits = limits
        self.helpers = (0..<max(1, helpers)).map { _ in Slot() }
    }

    deinit {
        for slot in helpers {
            slot.running.withLock { running in
                if let current = running { Self.stop(current, kill: false) }
            }
        }
    }

    /// How many files can be read at once.
    public var helperCount: Int { helpers.count }

    /// `furet-extract` next to the running program (both are built into the same folder), or
    /// `nil` when it is not there.
    public static func besideThisProgram() -> String? {
        guard let resolved = realpath("/proc/self/exe", nil) else { return nil }
        defer { free(resolved) }
        var folder = String(cString: resolved)
        folder.removeSubrange((folder.lastIndex(of: "/") ?? folder.startIndex)...)
        let candidate = folder + "/furet-extract"
        return access(candidate, X_OK) == 0 ? candidate : nil
    }

    /// The process id of the helper started last (0 before the first): for tests, and to
    /// read its memory use.
    public var helperProcess: pid_t {
        processID.load(ordering: .acquiring)
    }

    /// What the format `format` extracts from `bytes`, read in a free helper (else in the next
    /// one to be free, in turn).
    public func extract(format: String, bytes: [UInt8]) throws(FileSkipReason) -> ExtractedFile {
        for slot in helpers {
            if let result = slot.running.withLockIfAvailable({ running in extract(format: format, bytes: bytes, in: &running) }) {
                return try result.get()
            }
        }
        let slot = helpers[turn.add(1, ordering: .relaxed).oldValue % helpers.count]
        return try slot.running.withLock { running in extract(format: format, bytes: bytes, in: &running) }.get()
    }

    /// What `format` extracts from `bytes` in the helper of a slot (started when needed).
    private func extract(format: String, bytes: [UInt8], in running: inout Helper?) -> Result<ExtractedFile, FileSkipReason> {
        // A helper that died while idle (killed from outside) is replaced before the next
        // file, which is not to blame; so is one that dies while the file is sent (it had
        // not started reading it): the file is sent once more, to a new helper.
        for attempt in 1...2 {
            let current: Helper
            if let existing = running, !existing.socket.isHungUp {
                current = existing
            } else {
                if let dead = running {
                    // Forgotten at once: a failed start below must not leave its closed
                    // descriptor to be closed again, then perhaps another file's.
                    running = nil
                    Self.stop(dead, kill: true)
                }
                switch Self.start(executable, limits: limits) {
                case .success(let started): current = started
                case .failure(let error): return .failure(error)
                }
                running = current
                processID.store(current.pid, ordering: .releasing)
            }
            let deadline = ContinuousClock.now + .milliseconds(Int(limits.wallSeconds * 1000))
            do throws(FrameError) {
                try current.socket.send([Array(format.utf8), bytes], until: deadline)
            } catch {
                running = nil
                let signal = Self.stop(current, kill: true)
                if error == .timedOut { return .failure(.extractorTimedOut(seconds: limits.wallSeconds)) }
                if attempt == 2 { return .failure(.extractorCrashed(signal: signal)) }
                continue
            }
            return exchange(with: current, until: deadline, running: &running)
        }
        return .failure(.extractorCrashed(signal: 0))
    }

    /// Receives the reply to the file just sent; stops the helper when there is none.
    private func exchange(with current: Helper, until deadline: ContinuousClock.Instant, running: inout Helper?) -> Result<ExtractedFile, FileSkipReason> {
        let failure: FileSkipReason
        do throws(FrameError) {
            switch try ExtractionFrames.decode({ () throws(FrameError) in try current.socket.receive(until: deadline) }) {
            case .extracted(let file): return .success(file)
            case .failed(let failure): return .failure(.extraction(failure))
            case nil: failure = .extractorCrashed(signal: 0)
            }
        } catch {
            failure = error == .timedOut ? .extractorTimedOut(seconds: limits.wallSeconds) : .extractorCrashed(signal: 0)
        }
        running = nil
        let signal = Self.stop(current, kill: true)
        if case .extractorCrashed = failure { return .failure(.extractorCrashed(signal: signal)) }
        return .failure(failure)
    }

    private static func start(_ executable: String, limits: Limits) -> Result<Helper, FileSkipReason> {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            return .failure(.extractorUnavailable(errno: errno))
        }
        defer { close(ends[1]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[1], 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        // Parsers print warnings about the documents they read: not for the daemon's log.
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let arguments = [executable, String(limits.memoryMiB), String(limits.cpuSeconds)]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
        guard status == 0 else {
            close(ends[0])
            return .failure(.extractorUnavailable(errno: status))
        }
        return .success(Helper(pid: pid, socket: FrameSocket(descriptor: ends[0])))
    }

    /// Ends `helper` (killing it first when asked) and reaps it; returns the signal that
    /// ended it, or 0 when it exited.
    @discardableResult
    private static func stop(_ helper: Helper, kill: Bool) -> Int32 {
        if kill { Glibc.kill(helper.pid, SIGKILL) }
        close(helper.socket.descriptor)
        var status: Int32 = 0
        while waitpid(helper.pid, &status, 0) < 0, errno == EINTR {}
        let signal = status & 0x7F
        return signal != 0 && signal != 0x7F ? signal : 0
    }
}
