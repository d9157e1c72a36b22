#ifndef CFURETSQLITE_H
#define CFURETSQLITE_H

#include <sqlite3.h>

/// Turns off SQLite's global memory statistics (SQLITE_CONFIG_MEMSTATUS).
///
/// Debian builds SQLite with memory statistics on; their global mutex serialises
/// every allocation, so two readers cannot run in parallel. `sqlite3_config` is
/// variadic, which Swift cannot call, hence this shim. Must run before the first
/// connection opens; returns the SQLite result code (SQLITE_MISUSE once SQLite
/// is already initialised).
int furet_sqlite_disable_memstatus(void);

/// Registers the FTS5 auxiliary function `furet_instances(fts_table, column)` on `db`.
///
/// For the current row of a full-text query it returns a BLOB of native-endian 32-bit
/// integer triples `(phrase, offset, size)`, one per phrase instance in `column`, in
/// document order: the query's phrase number, the token position where the instance
/// starts, and the phrase's length in tokens. Snippets are built from these positions
/// instead of analysing the document again. Returns the SQLite result code.
int furet_register_instances_function(sqlite3 *db);

#endif
