import CSandbox
import Glibc

/// The limits `furet-extract` puts on itself before reading any file.
enum Sandbox {
    /// No privilege gain through exec, no core dumps (they would hold document text), no file
    /// written, and at most `memoryMiB` of address space: a parser that allocates without
    /// bound fails its allocation (and the helper dies, which `furetd` handles) instead of
    /// pushing the machine into swap. Returns whether every limit took.
    static func enter(memoryMiB: Int) -> Bool {
        guard furet_forbid_new_privileges() == 0 else { return false }
        return limit(RLIMIT_CORE, 0) && limit(RLIMIT_FSIZE, 0)
            && limit(RLIMIT_AS, rlim_t(memoryMiB) << 20)
    }

    /// Lets the next file use `seconds` of CPU time: the soft limit becomes what has been used
    /// so far plus `seconds`, and the kernel sends SIGXCPU (which ends the helper) when a
    /// parser spins past it. `furetd`'s wall-clock limit covers a parser that sleeps or waits.
    static func allowCPU(seconds: Int) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let used = rlim_t(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + 1
        var current = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &current)
        var next = rlimit(rlim_cur: min(used + rlim_t(seconds), current.rlim_max), rlim_max: current.rlim_max)
        setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &next)
    }

    private static func limit(_ resource: __rlimit_resource, _ value: rlim_t) -> Bool {
        var current = rlimit()
        guard getrlimit(__rlimit_resource_t(resource.rawValue), &current) == 0 else { return false }
        var next = rlimit(rlim_cur: min(value, current.rlim_max), rlim_max: min(value, current.rlim_max))
        return setrlimit(__rlimit_resource_t(resource.rawValue), &next) == 0
    }
}
