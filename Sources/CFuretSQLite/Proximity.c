#include "Proximity.h"
#include <stdlib.h>
#include <string.h>

/// A side's positions in the current row, and the buffers its forms are merged through.
typedef struct {
    int first_phrase;
    int phrase_count;
    int words;
    int64_t *positions;
    int count;
    /// One form's positions, then the merge of those with `positions`.
    int64_t *incoming, *merged;
    int capacity;
} proximity_side;

struct furet_proximity {
    int distance;
    int side_count;
    proximity_side *sides;
};

furet_proximity *furet_proximity_new(int distance, int side_count, const int *first_phrase, const int *phrase_count, const int *words) {
    if (side_count < 2) return NULL;
    furet_proximity *proximity = calloc(1, sizeof(furet_proximity));
    if (proximity == NULL) return NULL;
    proximity->sides = calloc((size_t)side_count, sizeof(proximity_side));
    if (proximity->sides == NULL) {
        free(proximity);
        return NULL;
    }
    proximity->distance = distance;
    proximity->side_count = side_count;
    for (int side = 0; side < side_count; side++) {
        proximity->sides[side].first_phrase = first_phrase[side];
        proximity->sides[side].phrase_count = phrase_count[side];
        proximity->sides[side].words = words[side];
    }
    return proximity;
}

void furet_proximity_free(furet_proximity *proximity) {
    if (proximity == NULL) return;
    for (int side = 0; side < proximity->side_count; side++) {
        free(proximity->sides[side].positions);
        free(proximity->sides[side].incoming);
        free(proximity->sides[side].merged);
    }
    free(proximity->sides);
    free(proximity);
}

int furet_proximity_owns(const furet_proximity *proximity, int phrase) {
    for (int side = 0; side < proximity->side_count; side++) {
        const proximity_side *s = &proximity->sides[side];
        if (phrase >= s->first_phrase && phrase < s->first_phrase + s->phrase_count) return 1;
    }
    return 0;
}

int furet_proximity_side_count(const furet_proximity *proximity) {
    return proximity->side_count;
}

const int64_t *furet_proximity_side(const furet_proximity *proximity, int side, int *count, int *first_phrase, int *words) {
    const proximity_side *s = &proximity->sides[side];
    *count = s->count;
    *first_phrase = s->first_phrase;
    *words = s->words;
    return s->positions;
}

/// Makes room for `needed` positions in each of the side's buffers.
static int reserve(proximity_side *side, int needed) {
    if (needed <= side->capacity) return SQLITE_OK;
    int capacity = side->capacity > 0 ? side->capacity : 256;
    while (capacity < needed) {
        if (capacity > INT32_MAX / 2) return SQLITE_NOMEM;
        capacity *= 2;
    }
    int64_t **buffers[] = {&side->positions, &side->incoming, &side->merged};
    for (int index = 0; index < 3; index++) {
        int64_t *grown = realloc(*buffers[index], (size_t)capacity * sizeof(int64_t));
        if (grown == NULL) return SQLITE_NOMEM;
        *buffers[index] = grown;
    }
    side->capacity = capacity;
    return SQLITE_OK;
}

/// Merges `side->incoming` (`count` positions, ascending) into its positions, once each.
static void merge_incoming(proximity_side *side, int count) {
    const int64_t *a = side->positions, *b = side->incoming;
    int i = 0, j = 0, used = 0;
    while (i < side->count || j < count) {
        int64_t next = j == count || (i < side->count && a[i] <= b[j]) ? a[i] : b[j];
        if (i < side->count && a[i] == next) i++;
        if (j < count && b[j] == next) j++;
        if (used == 0 || side->merged[used - 1] != next) side->merged[used++] = next;
    }
    int64_t *swap = side->positions;
    side->positions = side->merged;
    side->merged = swap;
    side->count = used;
}

/// Reads a varint of FTS5's position lists (SQLite's: 7 bits a byte, high bit set on all
/// but the last) at `*at`, before `end`, as `sqlite3Fts5GetVarint32` does; 0 past the end.
static uint32_t read_varint(const unsigned char **at, const unsigned char *end) {
    uint32_t value = 0;
    for (int shift = 0; *at < end && shift < 35; shift += 7) {
        unsigned char byte = *(*at)++;
        value = (value << 7) | (byte & 0x7f);
        if ((byte & 0x80) == 0) break;
    }
    return value;
}

/// Appends the positions of `phrase` in the current row to `side->incoming` from `count` on;
/// returns how many it holds then, or -1 with `*rc` set.
///
/// `xPhraseNext` costs an indirect call and FTS5's general varint reader for each position:
/// for two frequent words of a long chapter, most of the time the row took. The list is read
/// here instead, from the iterator `xPhraseFirst` returns, whose bytes are the rest of the
/// phrase's position list in FTS5's format, as `xPhraseNext` reads it: varints of each
/// offset's increase plus 2, a 1 followed by a column number starting a column (from
/// offset 0).
static int read_phrase(proximity_side *side, const Fts5ExtensionApi *api, Fts5Context *fts, int phrase, int *rc) {
    Fts5PhraseIter iterator;
    int column, offset, count = 0;
    *rc = api->xPhraseFirst(fts, phrase, &iterator, &column, &offset);
    if (*rc != SQLITE_OK) return -1;
    if (column < 0) return 0;
    // At most one position a byte, and the first one.
    *rc = reserve(side, side->count + (int)(iterator.b - iterator.a) + 1);
    if (*rc != SQLITE_OK) return -1;
    side->incoming[count++] = ((int64_t)column << 32) | (int64_t)(uint32_t)offset;
    const unsigned char *at = iterator.a, *end = iterator.b;
    while (at < end) {
        uint32_t value = read_varint(&at, end);
        if (value == 1) {
            column = (int)read_varint(&at, end);
            offset = 0;
            value = read_varint(&at, end);
        }
        offset += (int)value - 2;
        side->incoming[count++] = ((int64_t)column << 32) | (int64_t)(uint32_t)offset;
    }
    return count;
}

int furet_proximity_read(furet_proximity *proximity, const Fts5ExtensionApi *api, Fts5Context *fts) {
    for (int index = 0; index < proximity->side_count; index++) {
        proximity_side *side = &proximity->sides[index];
        side->count = 0;
        for (int phrase = side->first_phrase; phrase < side->first_phrase + side->phrase_count; phrase++) {
            int rc;
            int count = read_phrase(side, api, fts, phrase, &rc);
            if (rc != SQLITE_OK) return rc;
            if (count == 0) continue;
            if (side->count == 0) {
                int64_t *swap = side->positions;
                side->positions = side->incoming;
                side->incoming = swap;
                side->count = count;
            } else {
                merge_incoming(side, count);
            }
        }
    }
    return SQLITE_OK;
}

/// FTS5's end of a position list (`FTS5_LOOKAHEAD_EOF`): past any position.
static const int64_t end_of_positions = (int64_t)1 << 62;

/// A side's positions read one by one, with the next one in view (FTS5's `Fts5LookaheadReader`).
typedef struct {
    const int64_t *positions;
    int count;
    int next;
    int64_t position;
    int64_t lookahead;
} lookahead_reader;

/// Moves to the next position; whether there is none left.
static int reader_next(lookahead_reader *reader) {
    reader->position = reader->lookahead;
    reader->lookahead = reader->next < reader->count ? reader->positions[reader->next++] : end_of_positions;
    return reader->position == end_of_positions;
}

static void reader_start(lookahead_reader *reader, const int64_t *positions, int count) {
    *reader = (lookahead_reader){positions, count, 0, 0, 0};
    reader_next(reader);
    reader_next(reader);
}

/// The sides' readers, most on the stack.
typedef struct {
    lookahead_reader local[4];
    lookahead_reader *readers;
} reader_set;

static int readers_start(const furet_proximity *proximity, reader_set *set) {
    set->readers = proximity->side_count <= 4 ? set->local : malloc((size_t)proximity->side_count * sizeof(lookahead_reader));
    if (set->readers == NULL) return SQLITE_NOMEM;
    for (int side = 0; side < proximity->side_count; side++) {
        reader_start(&set->readers[side], proximity->sides[side].positions, proximity->sides[side].count);
    }
    return SQLITE_OK;
}

static void readers_end(reader_set *set) {
    if (set->readers != set->local) free(set->readers);
}

/// Advances the readers until their positions are close enough together (FTS5's
/// `fts5ExprNearIsMatch`: each side at most its length plus the distance before the
/// furthest one); 0 when some side runs out first.
static int advance_to_match(const furet_proximity *proximity, lookahead_reader *readers) {
    int64_t furthest = readers[0].position;
    int matched;
    do {
        matched = 1;
        for (int side = 0; side < proximity->side_count; side++) {
            lookahead_reader *reader = &readers[side];
            int64_t earliest = furthest - proximity->sides[side].words - proximity->distance;
            if (reader->position < earliest || reader->position > furthest) {
                matched = 0;
                while (reader->position < earliest) {
                    if (reader_next(reader)) return 0;
                }
                if (reader->position > furthest) furthest = reader->position;
            }
        }
    } while (!matched);
    return 1;
}

int furet_proximity_holds(const furet_proximity *proximity) {
    reader_set set;
    if (readers_start(proximity, &set) != SQLITE_OK) return -1;
    int holds = advance_to_match(proximity, set.readers);
    readers_end(&set);
    return holds;
}

int furet_proximity_trim(furet_proximity *proximity, int *rc) {
    reader_set set;
    *rc = readers_start(proximity, &set);
    if (*rc != SQLITE_OK) return 0;
    lookahead_reader *readers = set.readers;
    int sides = proximity->side_count;
    // Kept positions are written over those read: a side keeps at most one per position
    // its reader has reached, so writing never overtakes reading.
    int kept_stack[4] = {0};
    int *kept = sides <= 4 ? kept_stack : calloc((size_t)sides, sizeof(int));
    if (kept == NULL) {
        readers_end(&set);
        *rc = SQLITE_NOMEM;
        return 0;
    }
    while (advance_to_match(proximity, readers)) {
        for (int side = 0; side < sides; side++) {
            int64_t *out = proximity->sides[side].positions;
            if (kept[side] == 0 || out[kept[side] - 1] != readers[side].position) out[kept[side]++] = readers[side].position;
        }
        // Advance the side whose next position comes first (the first such side on a tie).
        int advance = 0;
        for (int side = 1; side < sides; side++) {
            if (readers[side].lookahead < readers[advance].lookahead) advance = side;
        }
        if (reader_next(&readers[advance])) break;
    }
    int any = kept[0] > 0;
    for (int side = 0; side < sides; side++) proximity->sides[side].count = kept[side];
    if (kept != kept_stack) free(kept);
    readers_end(&set);
    return any;
}
