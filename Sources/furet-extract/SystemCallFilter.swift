import CSeccomp
import Glibc

/// The seccomp allow-list `furet-extract` puts on itself once its libraries are loaded and
/// before it reads the first file: a parser driven by a hostile file to run code can still
/// only compute, allocate, read its socket and read files, never open a socket, write a
/// file, start a process or trace one (GNOME Tracker's extractor does the same).
///
/// The list is what the helper was seen calling once started (`strace -f` over the Debian
/// French PDFs and EPUBs and every test fixture), with the variants a library may use for the
/// same purpose (`readv` beside `read`, `ppoll` beside `poll`), grouped by purpose; the tests
/// also run mutated files under it. Any other call ends the helper with SIGSYS
/// (`SCMP_ACT_KILL_PROCESS`), which `furetd` records as a crash of that file (`openat` for
/// writing included), except `ioctl`, which libraries make as a probe (is this a terminal?)
/// and which fails with `ENOTTY`. Opening files for reading stays allowed:
/// poppler reads its own data files (`/usr/share/poppler`) when a PDF needs them, and iconv
/// its modules. See <https://man7.org/linux/man-pages/man3/seccomp_rule_add.3.html>.
enum SystemCallFilter {
    static let allowed = [
        // The socket to furetd, and reading what is open.
        "read", "readv", "pread64", "recvfrom", "recvmsg", "write", "writev", "sendto", "sendmsg",
        "poll", "ppoll", "close", "lseek", "fcntl",
        // Looking at files, for libraries that read their data (read-only opens, below).
        "fstat", "newfstatat", "statx", "fstatfs", "statfs", "getdents64", "readlink", "readlinkat",
        "access", "faccessat", "faccessat2",
        // Memory, including loading an iconv module.
        "brk", "mmap", "munmap", "mremap", "mprotect", "madvise",
        // Time, threads' locks, identity, limits (the CPU limit renewed for each file).
        "clock_gettime", "clock_getres", "gettimeofday", "time", "nanosleep", "clock_nanosleep",
        "futex", "sched_yield", "sched_getaffinity", "getpid", "gettid", "getuid", "geteuid",
        "getgid", "getegid", "getrusage", "getrlimit", "setrlimit", "prlimit64", "sysinfo", "uname",
        "getrandom",
        // Signals (an abort raises SIGABRT at itself), and the end.
        "rt_sigaction", "rt_sigprocmask", "rt_sigreturn", "sigaltstack", "tgkill", "restart_syscall",
        "exit", "exit_group",
    ]

    /// Loads the filter; returns whether it took (it cannot be undone).
    static func load() -> Bool {
        guard let filter = seccomp_init(SCMP_ACT_KILL_PROCESS) else { return false }
        defer { seccomp_release(filter) }
        for name in allowed {
            let number = seccomp_syscall_resolve_name(name)
            // A call this kernel's architecture lacks (`time` exists on x86-64, not on arm64).
            guard number != __NR_SCMP_ERROR else { continue }
            guard seccomp_rule_add_array(filter, SCMP_ACT_ALLOW, number, 0, nil) == 0 else { return false }
        }
        // Opening for reading only: no file is written or created, even empty.
        let writing = UInt64(O_ACCMODE | O_CREAT | O_TRUNC)
        var readOnly = scmp_arg_cmp(arg: 2, op: SCMP_CMP_MASKED_EQ, datum_a: writing, datum_b: UInt64(O_RDONLY))
        guard seccomp_rule_add_array(filter, SCMP_ACT_ALLOW, seccomp_syscall_resolve_name("openat"), 1, &readOnly) == 0,
              seccomp_rule_add_array(filter, furet_seccomp_fail_with(UInt16(ENOTTY)), seccomp_syscall_resolve_name("ioctl"), 0, nil) == 0
        else { return false }
        return seccomp_load(filter) == 0
    }
}
