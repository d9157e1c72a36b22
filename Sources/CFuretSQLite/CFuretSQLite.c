#include "CFuretSQLite.h"
#include "RowLengths.h"
#include <stddef.h>

int furet_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/// The FTS5 API of `db` (the documented `SELECT fts5(?1)` handshake), or NULL.
static fts5_api *fts5_api_of(sqlite3 *db) {
    fts5_api *api = NULL;
    sqlite3_stmt *statement = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL) == SQLITE_OK) {
        sqlite3_bind_pointer(statement, 1, (void *)&api, "fts5_api_ptr", NULL);
        sqlite3_step(statement);
    }
    sqlite3_finalize(statement);
    return api;
}

/// Defined in Ranking.c.
void furet_rank_function(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc, sqlite3_value **argv);

/// Defined in BlockBounds.c.
void furet_block_max_function(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc, sqlite3_value **argv);

int furet_register_fts5_functions(sqlite3 *db) {
    fts5_api *api = fts5_api_of(db);
    if (api == NULL || api->iVersion < 2) return SQLITE_ERROR;
    // The connection's row lengths, freed with it; without memory for them, every length is
    // read from FTS5.
    furet_row_lengths *lengths = furet_row_lengths_new();
    int rc = api->xCreateFunction(api, "furet_rank", lengths, furet_rank_function, furet_row_lengths_free);
    // The same lengths: `furet_rank` owns them.
    if (rc == SQLITE_OK) rc = api->xCreateFunction(api, "furet_block_max", lengths, furet_block_max_function, NULL);
    return rc;
}
