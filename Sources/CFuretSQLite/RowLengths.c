#include "RowLengths.h"
#include <stdlib.h>
#include <string.h>

/// Rows per block: a block costs 8 KiB, and frequent words touch every block anyway.
enum { block_shift = 12, block_rows = 1 << block_shift };

/// Rows past this id are not kept: the table of blocks stays below 4 MiB.
static const sqlite3_int64 largest_kept_rowid = ((sqlite3_int64)1 << 31) - 1;

struct furet_row_lengths {
    /// The file's data version the kept lengths belong to (none are kept before the first).
    unsigned int data_version;
    /// Bumped when the data version changes: a block of another epoch holds nothing valid.
    uint32_t epoch;
    uint16_t **blocks;
    uint32_t *block_epochs;
    sqlite3_int64 block_count;
};

furet_row_lengths *furet_row_lengths_new(void) {
    furet_row_lengths *lengths = calloc(1, sizeof(furet_row_lengths));
    if (lengths != NULL) lengths->epoch = 1;
    return lengths;
}

void furet_row_lengths_free(void *pointer) {
    furet_row_lengths *lengths = pointer;
    if (lengths == NULL) return;
    for (sqlite3_int64 block = 0; block < lengths->block_count; block++) free(lengths->blocks[block]);
    free(lengths->blocks);
    free(lengths->block_epochs);
    free(lengths);
}

int furet_row_lengths_begin(furet_row_lengths *lengths, sqlite3 *db) {
    if (sqlite3_db_readonly(db, "main") != 1) return 0;
    unsigned int version = 0;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_DATA_VERSION, &version) != SQLITE_OK) return 0;
    if (version != lengths->data_version) {
        lengths->data_version = version;
        lengths->epoch++;
    }
    return 1;
}

int furet_row_lengths_get(const furet_row_lengths *lengths, sqlite3_int64 rowid) {
    if (rowid < 0) return 0;
    sqlite3_int64 block = rowid >> block_shift;
    if (block >= lengths->block_count || lengths->block_epochs[block] != lengths->epoch) return 0;
    return lengths->blocks[block][rowid & (block_rows - 1)];
}

/// Makes room for `count` blocks in the table; 0 when out of memory.
static int reserve_blocks(furet_row_lengths *lengths, sqlite3_int64 count) {
    if (count <= lengths->block_count) return 1;
    sqlite3_int64 grown_count = lengths->block_count > 0 ? lengths->block_count : 64;
    while (grown_count < count) grown_count *= 2;
    uint16_t **blocks = realloc(lengths->blocks, (size_t)grown_count * sizeof(uint16_t *));
    if (blocks == NULL) return 0;
    lengths->blocks = blocks;
    uint32_t *epochs = realloc(lengths->block_epochs, (size_t)grown_count * sizeof(uint32_t));
    if (epochs == NULL) return 0;
    lengths->block_epochs = epochs;
    for (sqlite3_int64 block = lengths->block_count; block < grown_count; block++) {
        blocks[block] = NULL;
        epochs[block] = 0;
    }
    lengths->block_count = grown_count;
    return 1;
}

void furet_row_lengths_put(furet_row_lengths *lengths, sqlite3_int64 rowid, int length) {
    if (rowid < 0 || rowid > largest_kept_rowid || length <= 0 || length >= UINT16_MAX) return;
    sqlite3_int64 block = rowid >> block_shift;
    if (!reserve_blocks(lengths, block + 1)) return;
    if (lengths->blocks[block] == NULL) {
        lengths->blocks[block] = malloc(block_rows * sizeof(uint16_t));
        if (lengths->blocks[block] == NULL) return;
    }
    if (lengths->block_epochs[block] != lengths->epoch) {
        memset(lengths->blocks[block], 0, block_rows * sizeof(uint16_t));
        lengths->block_epochs[block] = lengths->epoch;
    }
    lengths->blocks[block][rowid & (block_rows - 1)] = (uint16_t)length;
}
