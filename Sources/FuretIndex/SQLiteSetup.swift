import CSQLiteConfig

/// Process-wide SQLite settings, applied once before the first connection opens.
enum SQLiteSetup {
    /// Turns memory statistics off: their global mutex keeps two readers from running in
    /// parallel (measured: twice the read throughput on 2 cores without it).
    /// Ignores SQLITE_MISUSE, which only means SQLite was initialised earlier.
    static let once: Void = {
        _ = furet_sqlite_disable_memstatus()
    }()
}
