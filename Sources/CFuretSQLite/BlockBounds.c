#include "CFuretSQLite.h"
#include "BM25.h"
#include "RowLengths.h"
#include <stdlib.h>
#include <string.h>

/// The pointer type name of `sqlite3_bind_pointer`: SQL cannot forge such a pointer.
static const char *const block_bounds_pointer_type = "furet_block_bounds";

struct furet_block_bounds {
    int block_shift;
    /// The average row length the saturations are computed with; 0 until the first row sets
    /// it from the index's own, grown by `length_slack`.
    double average_length;
    double length_slack;
    /// Column weights, read on each statement's first row.
    double weights[8];
    int weight_count;
    /// The connection's row lengths when they can serve the statement (see `RowLengths.h`).
    furet_row_lengths *lengths;
    /// Whether the current statement has read its arguments.
    int begun;
    uint8_t *maxima;
    int64_t capacity;
    int64_t used;
};

furet_block_bounds *furet_block_bounds_new(int block_shift, double length_slack) {
    if (block_shift < 0 || block_shift > 30) return NULL;
    furet_block_bounds *bounds = calloc(1, sizeof(furet_block_bounds));
    if (bounds == NULL) return NULL;
    bounds->block_shift = block_shift;
    bounds->length_slack = length_slack > 0 ? length_slack : 0;
    return bounds;
}

void furet_block_bounds_free(furet_block_bounds *bounds) {
    if (bounds == NULL) return;
    free(bounds->maxima);
    free(bounds);
}

void furet_block_bounds_reset(furet_block_bounds *bounds) {
    if (bounds->maxima != NULL) memset(bounds->maxima, 0, (size_t)bounds->capacity);
    bounds->used = 0;
    bounds->begun = 0;
}

int furet_bind_block_bounds(sqlite3_stmt *statement, int index, furet_block_bounds *bounds) {
    bounds->begun = 0;
    return sqlite3_bind_pointer(statement, index, bounds, block_bounds_pointer_type, NULL);
}

const uint8_t *furet_block_bounds_maxima(const furet_block_bounds *bounds, int64_t *count) {
    *count = bounds->used;
    return bounds->maxima;
}

double furet_block_bounds_average_length(const furet_block_bounds *bounds) {
    return bounds->average_length;
}

/// Makes room for block `block`; 0 when out of memory.
static int reserve_block(furet_block_bounds *bounds, int64_t block) {
    if (block < bounds->capacity) return 1;
    int64_t capacity = bounds->capacity > 0 ? bounds->capacity : 1024;
    while (capacity <= block) capacity *= 2;
    uint8_t *grown = realloc(bounds->maxima, (size_t)capacity);
    if (grown == NULL) return 0;
    memset(grown + bounds->capacity, 0, (size_t)(capacity - bounds->capacity));
    bounds->maxima = grown;
    bounds->capacity = capacity;
    return 1;
}

/// Reads the statement's column weights and the index's average row length, on its first row.
static int begin(furet_block_bounds *bounds, const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3 *db, int argc, sqlite3_value **argv) {
    bounds->weight_count = argc < 8 ? argc : 8;
    for (int column = 0; column < bounds->weight_count; column++) bounds->weights[column] = sqlite3_value_double(argv[column]);
    furet_row_lengths *lengths = api->xUserData(fts);
    bounds->lengths = lengths != NULL && furet_row_lengths_begin(lengths, db) ? lengths : NULL;
    if (bounds->average_length == 0) {
        sqlite3_int64 rows = 0, tokens = 0;
        int rc = api->xRowCount(fts, &rows);
        if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
        if (rc != SQLITE_OK) return rc;
        // As the ranking computes it (`prepare_statistics`), grown: the bounds stay bounds
        // while the index's average does not outgrow this one.
        double average = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
        bounds->average_length = average * (1 + bounds->length_slack);
    }
    bounds->begun = 1;
    return SQLITE_OK;
}

void furet_block_max_function(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc, sqlite3_value **argv
) {
    furet_block_bounds *bounds = argc > 0 ? sqlite3_value_pointer(argv[0], block_bounds_pointer_type) : NULL;
    if (bounds == NULL) {
        sqlite3_result_error(context, "furet_block_max(table, bounds, weight...): bounds must be bound with furet_bind_block_bounds", -1);
        return;
    }
    int rc = bounds->begun ? SQLITE_OK : begin(bounds, api, fts, sqlite3_context_db_handle(context), argc - 1, argv + 1);
    // The weighted frequency of the expression's one phrase, as the ranking counts it.
    double frequency = 0;
    Fts5PhraseIter iterator;
    int column = -1, offset = 0;
    if (rc == SQLITE_OK) rc = api->xPhraseFirst(fts, 0, &iterator, &column, &offset);
    for (; rc == SQLITE_OK && column >= 0; api->xPhraseNext(fts, &iterator, &column, &offset)) {
        frequency += column < bounds->weight_count ? bounds->weights[column] : 1.0;
    }
    sqlite3_int64 rowid = api->xRowid(fts);
    int length = bounds->lengths != NULL ? furet_row_lengths_get(bounds->lengths, rowid) : 0;
    if (rc == SQLITE_OK && length <= 0) {
        rc = api->xColumnSize(fts, -1, &length);
        if (rc == SQLITE_OK && bounds->lengths != NULL) furet_row_lengths_put(bounds->lengths, rowid, length);
    }
    int64_t block = rowid >> bounds->block_shift;
    if (rc == SQLITE_OK && (rowid < 0 || !reserve_block(bounds, block))) rc = rowid < 0 ? SQLITE_RANGE : SQLITE_NOMEM;
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    // The phrase's saturation, f × (k1 + 1) / (f + normalisation), as a share of its limit
    // k1 + 1, in 255ths rounded up (and past any rounding of the ranking's own product): the
    // ranking's term is IDF × weight × saturation, at most its bound times this share.
    double normalisation = furet_bm25_normalisation(length, bounds->average_length);
    double share = frequency / (frequency + normalisation);
    int byte = frequency > 0 ? (int)(share * 255) + 1 : 0;
    if (byte > 255) byte = 255;
    if (byte > bounds->maxima[block]) bounds->maxima[block] = (uint8_t)byte;
    if (block + 1 > bounds->used) bounds->used = block + 1;
    sqlite3_result_null(context);
}
