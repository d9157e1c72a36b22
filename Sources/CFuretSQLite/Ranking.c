#include "CFuretSQLite.h"
#include "BM25.h"
#include "Proximity.h"
#include "RowLengths.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

/// The pointer type name of `sqlite3_bind_pointer`: SQL cannot forge such a pointer.
static const char *const ranking_pointer_type = "furet_ranking";

typedef struct {
    sqlite3_int64 rowid;
    /// What the ranking orders rows by, lowest first: the score, or the signed sort value.
    double key;
    double score;
    int32_t *instances;
    int instance_count;
    /// Triples `instances` has room for: an evicted row's buffer serves the row replacing it.
    int instance_capacity;
} ranked_row;

/// Instances being collected: `used` (phrase, offset, size) triples, in runs each sorted.
typedef struct {
    int32_t *triples;
    int used;
    int capacity;
    /// Where each run starts, then `used`: `run_count + 1` entries.
    int *run_starts;
    int run_count;
    int run_capacity;
} instance_list;

struct furet_ranking {
    int keep;
    /// 0: by score; 1 or -1: by the sort value, ascending or descending.
    int order;
    int column;
    sqlite3_int64 total;
    /// Rows visited: those a proximity rejects are not in `total`.
    sqlite3_int64 visited;
    /// The kept rows: a max-heap (the worst kept row first) until `furet_ranking_finish`.
    ranked_row *rows;
    int count;
    /// Rows allocated: grows with `count` up to `keep`, so a large `keep` costs only what is used.
    int capacity;
    /// Document frequencies given for the query's phrases (-1: unknown), then counted.
    int64_t *document_counts;
    int document_count_length;
    /// How many times each phrase counts in the score (NULL: once each).
    double *phrase_weights;
    int phrase_weight_length;
    /// Per query, computed on the first row: each phrase's IDF, the average row length, and
    /// the column weights (arguments of each call, read once).
    int phrases;
    double *idf;
    double *frequency;
    /// The scored phrases by decreasing bound (IDF × weight × (k1 + 1)), and the sum of the
    /// bounds from each position of that order on (see `count_phrases`).
    int *by_bound;
    double *bounds_from;
    /// The most a row of each block of 2^`block_shift` rows can score, -1 for a block whose
    /// rows were all offered already (see `furet_ranking_set_block_bounds`); NULL: none.
    double *block_bounds;
    sqlite3_int64 block_count;
    int block_shift;
    double average_length;
    double *weights;
    int weight_count;
    /// How many of the expression's first phrases are scored (0: all): the others only
    /// restrict which rows the statement visits.
    int scored_phrases;
    /// Whether `count_phrases` may drop a row before reading all its phrases, and how many it did.
    int row_bounds;
    sqlite3_int64 dropped;
    /// What stops the search, or NULL.
    furet_search_guard *guard;
    /// The proximities the ranking checks itself (see `Proximity.h`), and for each scored
    /// phrase whether it is one of their forms (set with the statistics).
    furet_proximity **proximities;
    int proximity_count;
    unsigned char *in_proximity;
    /// The instances of the row being offered, kept from row to row for their buffers.
    instance_list gathered;
    /// The connection's row lengths, when they can serve this statement (see `RowLengths.h`),
    /// and how many lengths were read from FTS5.
    furet_row_lengths *lengths;
    sqlite3_int64 length_reads;
};

furet_ranking *furet_ranking_new(int keep, int column) {
    furet_ranking *ranking = calloc(1, sizeof(furet_ranking));
    if (ranking == NULL) return NULL;
    ranking->keep = keep > 0 ? keep : 1;
    ranking->column = column;
    ranking->row_bounds = 1;
    return ranking;
}

void furet_ranking_free(furet_ranking *ranking) {
    if (ranking == NULL) return;
    for (int index = 0; index < ranking->count; index++) free(ranking->rows[index].instances);
    free(ranking->rows);
    free(ranking->idf);
    free(ranking->by_bound);
    free(ranking->block_bounds);
    free(ranking->bounds_from);
    free(ranking->document_counts);
    free(ranking->phrase_weights);
    for (int index = 0; index < ranking->proximity_count; index++) furet_proximity_free(ranking->proximities[index]);
    free(ranking->proximities);
    free(ranking->in_proximity);
    free(ranking->gathered.triples);
    free(ranking->gathered.run_starts);
    free(ranking);
}

void furet_ranking_set_order(furet_ranking *ranking, int order) {
    ranking->order = order > 0 ? 1 : order < 0 ? -1 : 0;
}

void furet_ranking_set_guard(furet_ranking *ranking, furet_search_guard *guard) {
    ranking->guard = guard;
}

int furet_bind_ranking(sqlite3_stmt *statement, int index, furet_ranking *ranking) {
    return sqlite3_bind_pointer(statement, index, ranking, ranking_pointer_type, NULL);
}

int furet_ranking_set_document_counts(furet_ranking *ranking, const int64_t *counts, int length) {
    int64_t *copy = malloc((size_t)(length > 0 ? length : 1) * sizeof(int64_t));
    if (copy == NULL) return SQLITE_NOMEM;
    memcpy(copy, counts, (size_t)length * sizeof(int64_t));
    free(ranking->document_counts);
    ranking->document_counts = copy;
    ranking->document_count_length = length;
    return SQLITE_OK;
}

int furet_ranking_set_phrase_weights(furet_ranking *ranking, const double *weights, int length) {
    double *copy = malloc((size_t)(length > 0 ? length : 1) * sizeof(double));
    if (copy == NULL) return SQLITE_NOMEM;
    memcpy(copy, weights, (size_t)length * sizeof(double));
    free(ranking->phrase_weights);
    ranking->phrase_weights = copy;
    ranking->phrase_weight_length = length;
    return SQLITE_OK;
}

int furet_ranking_add_proximity(
    furet_ranking *ranking, int distance, int side_count, const int *first_phrase, const int *phrase_count, const int *words
) {
    furet_proximity **grown = realloc(ranking->proximities, (size_t)(ranking->proximity_count + 1) * sizeof(furet_proximity *));
    if (grown == NULL) return SQLITE_NOMEM;
    ranking->proximities = grown;
    furet_proximity *proximity = furet_proximity_new(distance, side_count, first_phrase, phrase_count, words);
    if (proximity == NULL) return side_count < 2 ? SQLITE_MISUSE : SQLITE_NOMEM;
    ranking->proximities[ranking->proximity_count++] = proximity;
    return SQLITE_OK;
}

void furet_ranking_set_row_bounds(furet_ranking *ranking, int enabled) {
    ranking->row_bounds = enabled != 0;
}

int furet_ranking_set_block_bounds(furet_ranking *ranking, int block_shift, const double *bounds, int64_t count) {
    double *copy = malloc((size_t)(count > 0 ? count : 1) * sizeof(double));
    if (copy == NULL) return SQLITE_NOMEM;
    memcpy(copy, bounds, (size_t)count * sizeof(double));
    free(ranking->block_bounds);
    ranking->block_bounds = copy;
    ranking->block_count = count;
    ranking->block_shift = block_shift;
    return SQLITE_OK;
}

void furet_ranking_set_scored_phrases(furet_ranking *ranking, int phrases) {
    ranking->scored_phrases = phrases > 0 ? phrases : 0;
}

int64_t furet_ranking_document_count(const furet_ranking *ranking, int phrase) {
    if (ranking->idf == NULL || ranking->document_counts == NULL || phrase < 0 || phrase >= ranking->document_count_length) {
        return -1;
    }
    return ranking->document_counts[phrase];
}

int64_t furet_ranking_dropped(const furet_ranking *ranking) {
    return ranking->dropped;
}

int64_t furet_ranking_length_reads(const furet_ranking *ranking) {
    return ranking->length_reads;
}

int64_t furet_ranking_total(const furet_ranking *ranking) {
    return ranking->total;
}

/// The most `phrase` adds to a row's score: its term, idf × f × (k1 + 1) / (f + normalisation),
/// stays below idf × (k1 + 1) for any frequency f, the normalisation being at least
/// k1 × (1 - b) > 0.
static double phrase_bound(const furet_ranking *ranking, int phrase) {
    return ranking->idf[phrase] * (furet_bm25_k1 + 1);
}

double furet_ranking_bound(const furet_ranking *ranking, int phrase) {
    if (ranking->idf == NULL || phrase < 0 || phrase >= ranking->phrases) return -1;
    return phrase_bound(ranking, phrase);
}

double furet_ranking_average_length(const furet_ranking *ranking) {
    return ranking->idf != NULL ? ranking->average_length : -1;
}

int furet_ranking_threshold(const furet_ranking *ranking, double *score) {
    if (ranking->order != 0 || ranking->count < ranking->keep) return 0;
    *score = -ranking->rows[0].score;
    return 1;
}

/// Whether `a` ranks below `b`: a higher key (BM25 negated, or the signed sort value), or
/// the same and a higher rowid.
static int is_worse(const ranked_row *a, const ranked_row *b) {
    return a->key > b->key || (a->key == b->key && a->rowid > b->rowid);
}

static int compare_best_first(const void *left, const void *right) {
    const ranked_row *a = left, *b = right;
    return is_worse(a, b) ? 1 : is_worse(b, a) ? -1 : 0;
}

int furet_ranking_finish(furet_ranking *ranking) {
    qsort(ranking->rows, (size_t)ranking->count, sizeof(ranked_row), compare_best_first);
    return ranking->count;
}

void furet_ranking_hit(
    const furet_ranking *ranking, int position,
    int64_t *rowid, double *score, const int32_t **instances, int *count
) {
    const ranked_row *row = &ranking->rows[position];
    *rowid = row->rowid;
    *score = row->score;
    *instances = row->instances;
    *count = row->instance_count;
}

static void sift_down(furet_ranking *ranking, int index) {
    ranked_row *rows = ranking->rows;
    for (;;) {
        int worst = index, left = 2 * index + 1, right = left + 1;
        if (left < ranking->count && is_worse(&rows[left], &rows[worst])) worst = left;
        if (right < ranking->count && is_worse(&rows[right], &rows[worst])) worst = right;
        if (worst == index) return;
        ranked_row swap = rows[index];
        rows[index] = rows[worst];
        rows[worst] = swap;
        index = worst;
    }
}

static void sift_up(furet_ranking *ranking, int index) {
    ranked_row *rows = ranking->rows;
    while (index > 0) {
        int parent = (index - 1) / 2;
        if (!is_worse(&rows[index], &rows[parent])) return;
        ranked_row swap = rows[index];
        rows[index] = rows[parent];
        rows[parent] = swap;
        index = parent;
    }
}

/// Orders instances as FTS5's `xInst` does: by offset, then phrase.
static int compare_instances(const void *left, const void *right) {
    const int32_t *a = left, *b = right;
    if (a[1] != b[1]) return a[1] < b[1] ? -1 : 1;
    return (a[0] > b[0]) - (a[0] < b[0]);
}

/// Makes room for `count` triples in `*triples`, of `*capacity` triples.
static int reserve_triples(int32_t **triples, int *capacity, int count) {
    if (count <= *capacity) return SQLITE_OK;
    int grown_capacity = *capacity > 16 ? *capacity : 16;
    while (grown_capacity < count) {
        if (grown_capacity > INT32_MAX / 6) return SQLITE_NOMEM;
        grown_capacity *= 2;
    }
    int32_t *grown = realloc(*triples, (size_t)grown_capacity * 3 * sizeof(int32_t));
    if (grown == NULL) return SQLITE_NOMEM;
    *triples = grown;
    *capacity = grown_capacity;
    return SQLITE_OK;
}

static int append_instance(instance_list *list, int phrase, int offset, int size) {
    int rc = reserve_triples(&list->triples, &list->capacity, list->used + 1);
    if (rc != SQLITE_OK) return rc;
    list->triples[3 * list->used] = phrase;
    list->triples[3 * list->used + 1] = offset;
    list->triples[3 * list->used + 2] = size;
    list->used++;
    return SQLITE_OK;
}

/// Ends the run begun after the last one ended; an empty run is left out.
static int end_run(instance_list *list) {
    int start = list->run_count > 0 ? list->run_starts[list->run_count] : 0;
    if (list->used == start) return SQLITE_OK;
    if (list->run_count + 2 > list->run_capacity) {
        int capacity = list->run_capacity > 0 ? list->run_capacity * 2 : 16;
        int *grown = realloc(list->run_starts, (size_t)capacity * sizeof(int));
        if (grown == NULL) return SQLITE_NOMEM;
        list->run_starts = grown;
        list->run_capacity = capacity;
    }
    list->run_starts[list->run_count] = start;
    list->run_starts[++list->run_count] = list->used;
    return SQLITE_OK;
}

/// Merges `source`'s sorted runs `[starts[0], starts[1])`… two by two into `target`, each pair
/// in `compare_instances`' order, the left run's first on a tie (as a stable sort keeps them);
/// `starts` then bounds the merged runs. Returns how many runs are left.
static int merge_runs(const int32_t *source, int32_t *target, int *starts, int runs) {
    int merged = 0;
    for (int run = 0; run < runs; run += 2, merged++) {
        int left = starts[run], middle = starts[run + 1], end = run + 2 <= runs ? starts[run + 2] : middle;
        int right = middle, out = left;
        while (left < middle && right < end) {
            int take_right = compare_instances(&source[3 * right], &source[3 * left]) < 0;
            int from = take_right ? right++ : left++;
            memcpy(&target[3 * out++], &source[3 * from], 3 * sizeof(int32_t));
        }
        if (left < middle) memcpy(&target[3 * out], &source[3 * left], (size_t)(middle - left) * 3 * sizeof(int32_t));
        if (right < end) memcpy(&target[3 * out], &source[3 * right], (size_t)(end - right) * 3 * sizeof(int32_t));
        starts[merged] = starts[run];
    }
    starts[merged] = starts[runs];
    return merged;
}

/// Gives `row` the instances gathered, in `compare_instances`' order: the runs are merged
/// between the gathered buffer and the row's, and the row keeps the one holding the result
/// (the gathered list takes the other for the next row). Merging the sorted runs each phrase
/// gives costs a pass per doubling of the runs, not a sort of every instance.
static int sort_into_row(instance_list *list, ranked_row *row) {
    int rc = reserve_triples(&row->instances, &row->instance_capacity, list->used);
    if (rc != SQLITE_OK) return rc;
    int32_t *source = list->triples, *target = row->instances;
    for (int runs = list->run_count; runs > 1;) {
        runs = merge_runs(source, target, list->run_starts, runs);
        int32_t *swap = source;
        source = target;
        target = swap;
    }
    if (source == list->triples) {
        int capacity = row->instance_capacity;
        row->instances = list->triples;
        row->instance_capacity = list->capacity;
        list->triples = target;
        list->capacity = capacity;
    }
    row->instance_count = list->used;
    return SQLITE_OK;
}

/// Whether the scored `phrase` is a proximity's form, whose positions the proximity reports.
static int is_in_proximity(const furet_ranking *ranking, int phrase) {
    return ranking->in_proximity != NULL && ranking->in_proximity[phrase];
}

static int count_phrases(
    furet_ranking *ranking, const Fts5ExtensionApi *api, Fts5Context *fts, instance_list *gather, int *fewest_tokens, int *dropped);

/// Offers the current row: kept, with the instances `count_phrases` gathered, when it is
/// among the best so far. The row it evicts leaves it its instance buffer.
///
/// A proximity's rows are gathered here, once kept, by reading them again: the bound that
/// lets them be read whole (`check_proximities`, from every position of the sides) is loose,
/// so most of them are not kept, and gathering each of their frequent words' instances cost
/// more than this second read.
static int offer(furet_ranking *ranking, const Fts5ExtensionApi *api, Fts5Context *fts, double key, double score) {
    ranked_row candidate = {api->xRowid(fts), key, score, NULL, 0, 0};
    ranking->total++;
    if (ranking->count == ranking->keep && !is_worse(&ranking->rows[0], &candidate)) return SQLITE_OK;
    if (ranking->proximity_count > 0) {
        int fewest_tokens = 0, dropped = 0;
        int rc = count_phrases(ranking, api, fts, &ranking->gathered, &fewest_tokens, &dropped);
        if (rc != SQLITE_OK) return rc;
    }
    if (ranking->count == ranking->capacity && ranking->count < ranking->keep) {
        int capacity = ranking->capacity > 0 ? ranking->capacity * 2 : 16;
        if (capacity > ranking->keep) capacity = ranking->keep;
        ranked_row *rows = realloc(ranking->rows, (size_t)capacity * sizeof(ranked_row));
        if (rows == NULL) return SQLITE_NOMEM;
        ranking->rows = rows;
        ranking->capacity = capacity;
    }
    int evicts = ranking->count == ranking->keep;
    if (evicts) {
        candidate.instances = ranking->rows[0].instances;
        candidate.instance_capacity = ranking->rows[0].instance_capacity;
        ranking->rows[0].instances = NULL;
        ranking->rows[0].instance_count = 0;
        ranking->rows[0].instance_capacity = 0;
    }
    int rc = sort_into_row(&ranking->gathered, &candidate);
    if (rc != SQLITE_OK) {
        free(candidate.instances);
        return rc;
    }
    if (evicts) {
        ranking->rows[0] = candidate;
        sift_down(ranking, 0);
    } else {
        ranking->rows[ranking->count++] = candidate;
        sift_up(ranking, ranking->count - 1);
    }
    return SQLITE_OK;
}

/// A phrase's rows counted so far, and what may stop the count.
typedef struct {
    sqlite3_int64 rows;
    furet_search_guard *guard;
} phrase_count;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *context) {
    (void)api;
    (void)fts;
    phrase_count *count = context;
    // The whole count runs inside one SQLite instruction, out of the progress handler's reach.
    if ((++count->rows & 255) == 0) return furet_search_guard_check(count->guard);
    return SQLITE_OK;
}

/// The IDFs of `order_by_bound`'s sort, which `qsort` passes no context to.
static _Thread_local const double *sorted_idf;

/// Higher IDF first, then FTS5's order.
static int compare_bounds(const void *left, const void *right) {
    int a = *(const int *)left, b = *(const int *)right;
    if (sorted_idf[a] != sorted_idf[b]) return sorted_idf[a] > sorted_idf[b] ? -1 : 1;
    return (a > b) - (a < b);
}

/// Sets `by_bound` and `bounds_from` from the IDFs.
static int order_by_bound(furet_ranking *ranking) {
    int phrases = ranking->phrases;
    ranking->by_bound = malloc((size_t)(phrases > 0 ? phrases : 1) * sizeof(int));
    ranking->bounds_from = malloc((size_t)(phrases + 1) * sizeof(double));
    if (ranking->by_bound == NULL || ranking->bounds_from == NULL) return SQLITE_NOMEM;
    for (int phrase = 0; phrase < phrases; phrase++) ranking->by_bound[phrase] = phrase;
    sorted_idf = ranking->idf;
    qsort(ranking->by_bound, (size_t)phrases, sizeof(int), compare_bounds);
    ranking->bounds_from[phrases] = 0;
    for (int index = phrases - 1; index >= 0; index--) {
        ranking->bounds_from[index] = ranking->bounds_from[index + 1] + phrase_bound(ranking, ranking->by_bound[index]);
    }
    return SQLITE_OK;
}

/// Each phrase's IDF, the average row length and the column weights, once per query: the IDF
/// of a phrase whose document count was not given needs a pass over the rows holding it, as
/// in FTS5's `bm25()`.
static int prepare_statistics(
    furet_ranking *ranking, const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3 *db, int weight_count, sqlite3_value **weights
) {
    furet_row_lengths *lengths = api->xUserData(fts);
    ranking->lengths = lengths != NULL && furet_row_lengths_begin(lengths, db) ? lengths : NULL;
    int phrases = api->xPhraseCount(fts);
    if (ranking->scored_phrases > 0 && ranking->scored_phrases < phrases) phrases = ranking->scored_phrases;
    if (ranking->document_count_length != phrases) {
        // None given, or not for this query: count them all.
        int64_t *unknown = malloc((size_t)(phrases > 0 ? phrases : 1) * sizeof(int64_t));
        if (unknown == NULL) return SQLITE_NOMEM;
        for (int phrase = 0; phrase < phrases; phrase++) unknown[phrase] = -1;
        free(ranking->document_counts);
        ranking->document_counts = unknown;
        ranking->document_count_length = phrases;
    }
    ranking->idf = malloc((size_t)(2 * phrases + weight_count + 1) * sizeof(double));
    if (ranking->idf == NULL) return SQLITE_NOMEM;
    ranking->frequency = &ranking->idf[phrases];
    ranking->weights = &ranking->idf[2 * phrases];
    ranking->weight_count = weight_count;
    for (int column = 0; column < weight_count; column++) ranking->weights[column] = sqlite3_value_double(weights[column]);
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(fts, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
    ranking->average_length = rows > 0 && tokens > 0 ? (double)tokens / (double)rows : 1.0;
    for (int phrase = 0; rc == SQLITE_OK && phrase < phrases; phrase++) {
        sqlite3_int64 hits = ranking->document_counts[phrase];
        if (hits < 0) {
            phrase_count count = {0, ranking->guard};
            rc = api->xQueryPhrase(fts, phrase, &count, count_row);
            hits = count.rows;
            ranking->document_counts[phrase] = hits;
        }
        double idf = log((0.5 + (double)(rows - hits)) / (0.5 + (double)hits));
        ranking->idf[phrase] = idf > 0 ? idf : 1e-6;
        // A weight of 1 leaves the product exact: single terms score bit for bit as unweighted.
        if (ranking->phrase_weight_length == phrases) ranking->idf[phrase] *= ranking->phrase_weights[phrase];
    }
    ranking->phrases = phrases;
    if (rc == SQLITE_OK) rc = order_by_bound(ranking);
    if (rc == SQLITE_OK && ranking->proximity_count > 0) {
        ranking->in_proximity = calloc((size_t)(phrases > 0 ? phrases : 1), 1);
        if (ranking->in_proximity == NULL) return SQLITE_NOMEM;
        for (int phrase = 0; phrase < phrases; phrase++) {
            for (int index = 0; index < ranking->proximity_count; index++) {
                if (furet_proximity_owns(ranking->proximities[index], phrase)) ranking->in_proximity[phrase] = 1;
            }
        }
    }
    return rc;
}

/// BM25's length normalisation (k1 = 1.2, b = 0.75) of a row of `length` tokens.
static double bm25_normalisation(const furet_ranking *ranking, int length) {
    return furet_bm25_normalisation(length, ranking->average_length);
}

/// What `phrase`, of the weighted `frequency`, adds to the score of a row of `normalisation`.
static double bm25_term(const furet_ranking *ranking, int phrase, double frequency, double normalisation) {
    return ranking->idf[phrase] * frequency * (furet_bm25_k1 + 1) / (frequency + normalisation);
}

/// BM25 (k1 = 1.2, b = 0.75) of the frequencies in `ranking->frequency` for a row of `length`
/// tokens, negated (lower is better, as FTS5's `rank`). A shorter length never gives a worse
/// score, in floating point too: IDFs and weights are positive, so each step of the
/// computation is monotonic.
static double negated_bm25(const furet_ranking *ranking, int length) {
    double normalisation = bm25_normalisation(ranking, length);
    double sum = 0;
    for (int phrase = 0; phrase < ranking->phrases; phrase++) {
        sum += bm25_term(ranking, phrase, ranking->frequency[phrase], normalisation);
    }
    return -sum;
}

/// How far below the worst kept score a row's bound must be to leave the row uncounted: room
/// for sums taken in another order, far below any difference between scores.
static const double bound_margin = 1e-9;

/// How many of the rarest phrases a row's bound is checked before: the check costs a sum
/// over the phrases read so far, and past the rare ones the bounds left are small.
static const int bound_checks = 16;

/// Whether the row whose phrases `by_bound[0..<read]` were counted (the others not yet),
/// ending no earlier than `last_end`, cannot be kept: its score, with every phrase not read at
/// its bound and the row at its shortest, stays below the worst kept row's. `read_at_zero` is
/// what the phrases read would add to a row of no length, a looser bound that costs no sum.
/// The check runs on every row of a search, so the sum over the phrases read is taken only
/// when neither cheap answer holds: rows of 80 words (the growth corpora) cost more to check
/// than to read.
static int cannot_be_kept(const furet_ranking *ranking, int read, int last_end, double read_at_zero) {
    if (ranking->order != 0 || ranking->count < ranking->keep) return 0;
    double threshold = -ranking->rows[0].score;
    double left = ranking->bounds_from[read];
    if (left * (1 + bound_margin) >= threshold) return 0;
    if ((left + read_at_zero) * (1 + bound_margin) < threshold) return 1;
    double normalisation = bm25_normalisation(ranking, last_end);
    double bound = left;
    for (int index = 0; index < read; index++) {
        int phrase = ranking->by_bound[index];
        bound += bm25_term(ranking, phrase, ranking->frequency[phrase], normalisation);
    }
    return bound * (1 + bound_margin) < threshold;
}

/// The current row's weighted frequency of each phrase, into `ranking->frequency`, and the
/// fewest tokens the row can hold: a column holds at least the tokens up to the end of its
/// last instance. A proximity's side counts as its first phrase, at the positions the
/// proximity holds (all its forms' until trimmed), its other forms as absent: a sum of
/// zeros leaves BM25's sum as FTS5's `NEAR` of one phrase per side gives it.
///
/// Reading a frequent word's positions is most of a search's time (`de` is thousands of
/// times in each chapter), so the phrases are read rarest first, and without proximities,
/// before each of the first `bound_checks`, the row's bound is checked: when even the
/// phrases not yet read at their bounds cannot lift it to the page, `*dropped` is set and the
/// frequencies are left partly read (the row is only counted). A row that can be kept is
/// read whole, so its score is the one a pass in FTS5's order gives.
///
/// With `gather`, a row read whole leaves there its instances in the ranking's column, one
/// run per phrase or proximity side (a side as its first phrase, at the positions it holds),
/// for `offer` to merge if the row is kept: read here, a kept row's positions are read once
/// (a proximity's rows excepted, see `offer`).
/// Not through `xInstCount`/`xInst`: FTS5 builds that array by scanning every phrase for
/// each instance, which made a query of many words quadratic (800 `OR` terms of ordinary
/// words: seconds per kept row).
static int count_phrases(
    furet_ranking *ranking, const Fts5ExtensionApi *api, Fts5Context *fts, instance_list *gather, int *fewest_tokens, int *dropped
) {
    int last_end = 0;
    if (gather != NULL) {
        gather->used = 0;
        gather->run_count = 0;
    }
    *dropped = 0;
    int checks = ranking->row_bounds && ranking->proximity_count == 0 && ranking->by_bound != NULL ? bound_checks : 0;
    double shortest = checks > 0 ? bm25_normalisation(ranking, 0) : 0, read_at_zero = 0;
    for (int read = 0; read < ranking->phrases; read++) {
        if (read > 0 && read < checks) {
            int previous = ranking->by_bound[read - 1];
            read_at_zero += bm25_term(ranking, previous, ranking->frequency[previous], shortest);
            if (cannot_be_kept(ranking, read, last_end, read_at_zero)) {
                *dropped = 1;
                return SQLITE_OK;
            }
        }
        int phrase = checks > 0 ? ranking->by_bound[read] : read;
        double frequency = 0;
        if (is_in_proximity(ranking, phrase)) {
            ranking->frequency[phrase] = 0;
            continue;
        }
        Fts5PhraseIter iterator;
        int column, offset;
        int rc = api->xPhraseFirst(fts, phrase, &iterator, &column, &offset);
        if (rc != SQLITE_OK) return rc;
        int size = api->xPhraseSize(fts, phrase);
        for (; column >= 0; api->xPhraseNext(fts, &iterator, &column, &offset)) {
            frequency += column < ranking->weight_count ? ranking->weights[column] : 1.0;
            if (offset + size > last_end) last_end = offset + size;
            if (gather != NULL && column == ranking->column) {
                rc = append_instance(gather, phrase, offset, size);
                if (rc != SQLITE_OK) return rc;
            }
        }
        ranking->frequency[phrase] = frequency;
        if (gather != NULL && (rc = end_run(gather)) != SQLITE_OK) return rc;
    }
    for (int index = 0; index < ranking->proximity_count; index++) {
        const furet_proximity *proximity = ranking->proximities[index];
        for (int side = 0; side < furet_proximity_side_count(proximity); side++) {
            int count, phrase, words;
            const int64_t *positions = furet_proximity_side(proximity, side, &count, &phrase, &words);
            if (phrase >= ranking->phrases) continue;
            double frequency = 0;
            for (int position = 0; position < count; position++) {
                int column = (int)(positions[position] >> 32), offset = (int)(positions[position] & 0xffffffff);
                frequency += column < ranking->weight_count ? ranking->weights[column] : 1.0;
                if (offset + words > last_end) last_end = offset + words;
                if (gather != NULL && column == ranking->column) {
                    int rc = append_instance(gather, phrase, offset, words);
                    if (rc != SQLITE_OK) return rc;
                }
            }
            ranking->frequency[phrase] = frequency;
            if (gather != NULL) {
                int rc = end_run(gather);
                if (rc != SQLITE_OK) return rc;
            }
        }
    }
    *fewest_tokens = last_end;
    return SQLITE_OK;
}

/// Reads the current row's positions of every proximity's sides (see `Proximity.h`), then
/// whether the row can be kept: 1 when some can be, with the positions each keeps (those
/// FTS5's `NEAR` keeps); 0 when the row is only counted, which needs one close set of
/// positions per proximity, its sides' positions being as read; -1 when it does not match.
/// Before trimming, the sides' frequencies are those of every position, at least what the
/// trimmed ones can be, so the score they give bounds the row's.
static int check_proximities(furet_ranking *ranking, const Fts5ExtensionApi *api, Fts5Context *fts, int *rc) {
    for (int index = 0; *rc == SQLITE_OK && index < ranking->proximity_count; index++) {
        *rc = furet_proximity_read(ranking->proximities[index], api, fts);
    }
    int fewest_tokens = 0, dropped = 0;
    if (*rc == SQLITE_OK) *rc = count_phrases(ranking, api, fts, NULL, &fewest_tokens, &dropped);
    if (*rc != SQLITE_OK) return -1;
    double bound = negated_bm25(ranking, fewest_tokens);
    ranked_row best_case = {api->xRowid(fts), bound, bound, NULL, 0, 0};
    if (ranking->order == 0 && ranking->count == ranking->keep && !is_worse(&ranking->rows[0], &best_case)) {
        for (int index = 0; index < ranking->proximity_count; index++) {
            int holds = furet_proximity_holds(ranking->proximities[index]);
            if (holds < 0) *rc = SQLITE_NOMEM;
            if (holds <= 0) return -1;
        }
        return 0;
    }
    for (int index = 0; index < ranking->proximity_count; index++) {
        if (!furet_proximity_trim(ranking->proximities[index], rc)) return -1;
    }
    return 1;
}

/// The row's length in tokens, every column's: kept from an earlier search of the connection,
/// or read from FTS5's docsize table (and kept).
static int row_length(furet_ranking *ranking, const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_int64 rowid, int *length) {
    *length = ranking->lengths != NULL ? furet_row_lengths_get(ranking->lengths, rowid) : 0;
    if (*length > 0) return SQLITE_OK;
    ranking->length_reads++;
    int rc = api->xColumnSize(fts, -1, length);
    if (rc == SQLITE_OK && ranking->lengths != NULL) furet_row_lengths_put(ranking->lengths, rowid, *length);
    return rc;
}

void furet_rank_function(
    const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context, int argc, sqlite3_value **argv
) {
    // Kept as the query's auxiliary data after the first row: `sqlite3_value_pointer` compares
    // the pointer's type name on every call (3 % of the samples of a search for `dit` at 1M). A
    // statement calls `furet_rank` once: the auxiliary data is the cursor's, one per function.
    furet_ranking *ranking = api->xGetAuxdata(fts, 0);
    if (ranking == NULL && argc > 0) {
        ranking = sqlite3_value_pointer(argv[0], ranking_pointer_type);
        // Failing to keep it (no memory) only means the next row asks again.
        if (ranking != NULL) api->xSetAuxdata(fts, ranking, NULL);
    }
    if (ranking == NULL) {
        sqlite3_result_error(context, "furet_rank(table, ranking, weight...): ranking must be bound with furet_bind_ranking", -1);
        return;
    }
    // Every 256 rows: a clock read costs 20-50 ns, a row of a frequent word not much more.
    int rc = (ranking->visited++ & 255) == 0 ? furet_search_guard_check(ranking->guard) : SQLITE_OK;
    if (rc == SQLITE_OK && ranking->block_bounds != NULL) {
        sqlite3_int64 block = api->xRowid(fts) >> ranking->block_shift;
        double bound = block >= 0 && block < ranking->block_count ? ranking->block_bounds[block] : INFINITY;
        // Offered already; or its block cannot reach the page: only counted, its positions unread.
        int offered = bound < 0;
        if (offered || (ranking->order == 0 && ranking->count == ranking->keep && bound * (1 + bound_margin) < -ranking->rows[0].score)) {
            if (!offered) {
                ranking->total++;
                ranking->dropped++;
            }
            sqlite3_result_null(context);
            return;
        }
    }
    // Sorted by value, the last argument is that value, not a weight.
    int weights = ranking->order != 0 ? argc - 2 : argc - 1;
    if (rc == SQLITE_OK && ranking->idf == NULL) {
        rc = prepare_statistics(ranking, api, fts, sqlite3_context_db_handle(context), weights > 0 ? weights : 0, argv + 1);
    }
    if (rc == SQLITE_OK && ranking->proximity_count > 0) {
        int keepable = check_proximities(ranking, api, fts, &rc);
        if (rc == SQLITE_OK && keepable <= 0) {
            if (keepable == 0) ranking->total++;
            sqlite3_result_null(context);
            return;
        }
    }
    int fewest_tokens = 0, dropped = 0;
    instance_list *gather = ranking->proximity_count == 0 ? &ranking->gathered : NULL;
    if (rc == SQLITE_OK) rc = count_phrases(ranking, api, fts, gather, &fewest_tokens, &dropped);
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    if (dropped) {
        ranking->dropped++;
        ranking->total++;
        sqlite3_result_null(context);
        return;
    }
    // The row's length costs a lookup in FTS5's docsize table unless the connection kept it
    // (`row_length`), a good part of a search over frequent words: a row that could not be
    // kept even at its shortest possible length is only counted. It scores no better than
    // that bound, which is its result.
    double score = negated_bm25(ranking, fewest_tokens);
    double value = ranking->order != 0 && argc > 1 ? sqlite3_value_double(argv[argc - 1]) : 0;
    double key = ranking->order != 0 ? ranking->order * value : score;
    ranked_row best_case = {api->xRowid(fts), key, score, NULL, 0, 0};
    if (ranking->count == ranking->keep && !is_worse(&ranking->rows[0], &best_case)) {
        ranking->total++;
        sqlite3_result_double(context, score);
        return;
    }
    int length = 0;
    rc = row_length(ranking, api, fts, best_case.rowid, &length);
    if (rc == SQLITE_OK) {
        score = negated_bm25(ranking, length);
        rc = offer(ranking, api, fts, ranking->order != 0 ? key : score, score);
    }
    if (rc != SQLITE_OK) {
        sqlite3_result_error_code(context, rc);
        return;
    }
    sqlite3_result_double(context, score);
}
