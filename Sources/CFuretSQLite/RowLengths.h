#ifndef FURET_ROW_LENGTHS_H
#define FURET_ROW_LENGTHS_H

#include "CFuretSQLite.h"

/// The token counts of a connection's rows, as FTS5's `xColumnSize(-1)` gives them, kept
/// between the connection's searches.
///
/// BM25 needs the length of every row that may enter the page, and FTS5 reads it from its
/// docsize table through an SQL statement per row (a statement step, a b-tree seek, a reset):
/// 30 % of a search for a word of 6,000 documents at 1M, 13 % of searches of two or three
/// common words. A row's length changes only when its document does, so a read-only
/// connection keeps the lengths it read until its file's data version changes (SQLite's
/// `SQLITE_FCNTL_DATA_VERSION`, which a read transaction bumps when another connection has
/// committed since the last): the lengths a search reads here are those FTS5 would read in
/// the same snapshot. A connection that writes keeps none, as its own uncommitted changes
/// would not show.
///
/// Two bytes a row, in blocks allocated as rows are read: 2 MB a connection at a million
/// documents. A row of 65,535 tokens or more is not kept (FTS5 is asked each time).
/// One thread at a time uses a connection, so no lock is needed.
typedef struct furet_row_lengths furet_row_lengths;

/// An empty cache; NULL when out of memory.
furet_row_lengths *furet_row_lengths_new(void);

/// Frees a cache (a `void *` for FTS5's `xDestroy`).
void furet_row_lengths_free(void *lengths);

/// Readies the cache for a statement of `db` in a read transaction: forgets what an older
/// data version of the file held. Returns 0 when the cache cannot serve `db` (a connection
/// that can write), 1 otherwise.
int furet_row_lengths_begin(furet_row_lengths *lengths, sqlite3 *db);

/// The row's length as kept, 0 when not kept (no row that matches has none).
int furet_row_lengths_get(const furet_row_lengths *lengths, sqlite3_int64 rowid);

/// Keeps the row's length; out of memory, or out of range, it is simply not kept.
void furet_row_lengths_put(furet_row_lengths *lengths, sqlite3_int64 rowid, int length);

#endif
