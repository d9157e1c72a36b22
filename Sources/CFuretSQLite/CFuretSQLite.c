#include "CFuretSQLite.h"
#include <stdint.h>
#include <stdlib.h>

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

static void instances_function(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc, sqlite3_value **argv
) {
    if (argc != 1 || sqlite3_value_numeric_type(argv[0]) != SQLITE_INTEGER) {
        sqlite3_result_error(context, "furet_instances(table, column): column must be an integer", -1);
        return;
    }
    int column = sqlite3_value_int(argv[0]);
    int count = 0;
    int rc = api->xInstCount(fts, &count);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    int32_t *triples = sqlite3_malloc64((sqlite3_uint64)(count > 0 ? count : 1) * 3 * sizeof(int32_t));
    if (triples == NULL) {
        sqlite3_result_error_nomem(context);
        return;
    }
    int used = 0;
    for (int index = 0; index < count; index++) {
        int phrase, instanceColumn, offset;
        rc = api->xInst(fts, index, &phrase, &instanceColumn, &offset);
        if (rc != SQLITE_OK) {
            sqlite3_free(triples);
            sqlite3_result_error_code(context, rc);
            return;
        }
        if (instanceColumn != column) continue;
        triples[used++] = phrase;
        triples[used++] = offset;
        triples[used++] = api->xPhraseSize(fts, phrase);
    }
    sqlite3_result_blob(context, triples, used * (int)sizeof(int32_t), sqlite3_free);
}

int furet_register_instances_function(sqlite3 *db) {
    fts5_api *api = fts5_api_of(db);
    if (api == NULL || api->iVersion < 2) return SQLITE_ERROR;
    return api->xCreateFunction(api, "furet_instances", NULL, instances_function, NULL);
}
