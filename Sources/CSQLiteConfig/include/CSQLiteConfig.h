#ifndef CSQLITECONFIG_H
#define CSQLITECONFIG_H

/// Turns off SQLite's global memory statistics (SQLITE_CONFIG_MEMSTATUS).
///
/// Debian builds SQLite with memory statistics on; their global mutex serialises
/// every allocation, so two readers cannot run in parallel. `sqlite3_config` is
/// variadic, which Swift cannot call, hence this shim. Must run before the first
/// connection opens; returns the SQLite result code (SQLITE_MISUSE once SQLite
/// is already initialised).
int furet_sqlite_disable_memstatus(void);

#endif
