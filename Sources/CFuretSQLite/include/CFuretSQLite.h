#ifndef CFURETSQLITE_H
#define CFURETSQLITE_H

#include <sqlite3.h>
#include <stdint.h>

/// Turns off SQLite's global memory statistics (SQLITE_CONFIG_MEMSTATUS).
///
/// Debian builds SQLite with memory statistics on; their global mutex serialises
/// every allocation, so two readers cannot run in parallel. `sqlite3_config` is
/// variadic, which Swift cannot call, hence this shim. Must run before the first
/// connection opens; returns the SQLite result code (SQLITE_MISUSE once SQLite
/// is already initialised).
int furet_sqlite_disable_memstatus(void);

/// Registers the FTS5 auxiliary functions `furet_rank` and `furet_block_max` on `db`; returns
/// the SQLite result code.
int furet_register_fts5_functions(sqlite3 *db);

/// A search's deadline and, optionally, its client's socket: what stops a search that has run
/// too long or whose client has gone. Checked by SQLite's progress handler between virtual
/// machine instructions, and by `furet_rank` inside FTS5's loops, which run within one
/// instruction. Used by one thread at a time, the search's.
typedef struct furet_search_guard furet_search_guard;

/// Why a guarded search stopped (`furet_search_guard_reason`).
enum {
    FURET_SEARCH_GOES_ON = 0,
    FURET_SEARCH_TIMED_OUT = 1,
    FURET_SEARCH_CLIENT_GONE = 2,
};

/// A guard whose deadline is `timeout_ns` from now, watching `client_descriptor` for hang-up
/// (-1: no client); NULL when out of memory.
furet_search_guard *furet_search_guard_new(int64_t timeout_ns, int client_descriptor);
void furet_search_guard_free(furet_search_guard *guard);

/// Nanoseconds left before the deadline, 0 once passed.
int64_t furet_search_guard_remaining_ns(const furet_search_guard *guard);

/// `SQLITE_OK` while the search may go on, `SQLITE_INTERRUPT` once it must stop (and from
/// then on); a NULL guard never stops.
int furet_search_guard_check(furet_search_guard *guard);

/// `FURET_SEARCH_GOES_ON`, or why the guard stopped its search.
int furet_search_guard_reason(const furet_search_guard *guard);

/// Makes `guard` interrupt every statement `db` steps (SQLite's progress handler), until
/// attached again, or detached with NULL.
void furet_search_guard_attach(sqlite3 *db, furet_search_guard *guard);

/// The best hits of one full-text query, collected while SQLite scans its matches.
///
/// `furet_rank(fts_table, ranking, weight...)` scores the current row with FTS5's BM25
/// formula (k1 = 1.2, b = 0.75, one weight per column, IDF as `bm25()` computes it) and
/// offers it to `ranking`, a pointer bound with `furet_bind_ranking`. The ranking counts
/// every row and keeps the `keep` best — lowest score (BM25 negated, as FTS5's `rank`), then
/// lowest rowid — each with its phrase instances in one column, taken while FTS5 has the
/// row's position lists at hand. So a search makes one pass over its matches: no array of
/// every match to sort, no second lookup of each hit for its snippet.
///
/// Compared with FTS5's `bm25()`, it counts each phrase's occurrences with
/// `xPhraseFirst`/`xPhraseNext` instead of building the sorted array of every instance of
/// every phrase, which cost most of a search over frequent words. And once `keep` rows are
/// kept, a row is first scored as if it ended with its last instance, the shortest it can
/// be: when even that score cannot displace the worst kept row, the row is only counted,
/// without reading its length from FTS5's docsize table (most rows of a frequent word). Its
/// SQL result is then that bound rather than its score. The weights are read on the first
/// row: they must be the same for every row.
typedef struct furet_ranking furet_ranking;

/// A ranking keeping the `keep` best rows (at least 1), with instances in `column`; NULL
/// when out of memory.
furet_ranking *furet_ranking_new(int keep, int column);

/// Makes the ranking stop its search (`SQLITE_INTERRUPT`) when `guard` says so, also while
/// it counts each phrase's rows; `guard` must outlive the search.
void furet_ranking_set_guard(furet_ranking *ranking, furet_search_guard *guard);
void furet_ranking_free(furet_ranking *ranking);

/// Makes the ranking keep the rows of lowest (`order` 1) or highest (`order` -1) sort value,
/// then lowest rowid, instead of the best scores (`order` 0, the default): the sort value is
/// then the last argument of `furet_rank`, after the weights. A row is still scored.
void furet_ranking_set_order(furet_ranking *ranking, int order);

/// Binds `ranking` to parameter `index` of `statement` (`sqlite3_bind_pointer`).
int furet_bind_ranking(sqlite3_stmt *statement, int index, furet_ranking *ranking);

/// Gives the number of rows holding each of the query's phrases (`length` of them, in
/// FTS5's phrase order; -1 where unknown), which spares the ranking a pass over each known
/// phrase's rows. Ignored when `length` is not the query's phrase count.
int furet_ranking_set_document_counts(furet_ranking *ranking, const int64_t *counts, int length);

/// Makes each of the query's phrases (`length` of them, in FTS5's phrase order) count
/// `weights[phrase]` times in the score, as if repeated in the query; ignored when `length`
/// is not the query's phrase count.
int furet_ranking_set_phrase_weights(furet_ranking *ranking, const double *weights, int length);

/// Makes the ranking check a proximity itself on each row, rather than FTS5's `NEAR`: side
/// `i` of `side_count` (at least 2) is any of the phrases `first_phrase[i]` to
/// `first_phrase[i] + phrase_count[i] - 1` (a word's forms), `words[i]` tokens long, and the
/// sides must be at most `distance` tokens apart, as in `NEAR(…, distance)`. The statement
/// must ask for every side, the proximity's own phrases being scored phrases. A row where
/// the sides are not close enough is neither counted nor kept. The side is scored as one
/// phrase at the positions `NEAR` keeps, with the document count given for its first
/// phrase (the others' counts are then unused: give 0), and reported as its first phrase.
/// Add them before the first row; `SQLITE_MISUSE` for fewer than 2 sides.
int furet_ranking_add_proximity(
    furet_ranking *ranking, int distance, int side_count, const int *first_phrase, const int *phrase_count, const int *words);

/// Scores only the expression's first `phrases` phrases (0, the default: all of them); the
/// phrases after them only restrict which rows the statement visits, as when a search
/// scores its matches in stages (see `furet_ranking_bound`). Document counts and weights are
/// then given for the scored phrases only. Set before the first row.
void furet_ranking_set_scored_phrases(furet_ranking *ranking, int phrases);

/// Whether a row's phrases are read rarest first, the row dropped (only counted) as soon as
/// those read and the others' bounds (`furet_ranking_bound`) cannot reach the worst kept row
/// (1, the default), or each row read whole, in FTS5's order (0): what the first must equal.
/// Ordering by relevance only, without proximities.
void furet_ranking_set_row_bounds(furet_ranking *ranking, int enabled);

/// How many rows were dropped before all their phrases were read (see
/// `furet_ranking_set_row_bounds`); they count in `furet_ranking_total`.
int64_t furet_ranking_dropped(const furet_ranking *ranking);

/// How many row lengths were read from FTS5's docsize table, not from those the connection
/// kept from its earlier searches (see `RowLengths.h`).
int64_t furet_ranking_length_reads(const furet_ranking *ranking);

/// The least upper bound of what a scored `phrase` adds to a row's BM25, whatever its
/// frequency and the row's length: IDF × weight × (k1 + 1). A row holding only phrases whose
/// bounds sum below `furet_ranking_threshold` cannot be kept. -1 before the first row (the
/// statistics are read then) or for a phrase that is not scored.
double furet_ranking_bound(const furet_ranking *ranking, int phrase);

/// 1 and the BM25 (positive) of the worst kept row in `*score` when `keep` rows are kept by
/// score: a row must score above it, or equal it with a lower rowid, to be kept. 0 otherwise.
/// Gives the most a row of each block of 2^`block_shift` rows can score (`count` blocks; rows
/// past them are scored), -1 for a block whose rows were all offered: a row of such a block is
/// neither scored nor counted, a row of a block whose bound stays below the worst kept row's
/// score (once `keep` rows are kept, by score) is counted without reading its positions (and
/// counts in `furet_ranking_dropped`). The bounds are copied.
int furet_ranking_set_block_bounds(furet_ranking *ranking, int block_shift, const double *bounds, int64_t count);

/// The index's average row length the ranking scores with; -1 before the first row.
double furet_ranking_average_length(const furet_ranking *ranking);

int furet_ranking_threshold(const furet_ranking *ranking, double *score);

/// The number of rows holding `phrase`, as given or counted; -1 when the query ranked no row.
int64_t furet_ranking_document_count(const furet_ranking *ranking, int phrase);

/// Rows offered so far.
int64_t furet_ranking_total(const furet_ranking *ranking);

/// Sorts the kept rows best first; returns how many there are.
int furet_ranking_finish(furet_ranking *ranking);

/// The kept row at `position` (after `furet_ranking_finish`): its rowid, score, and its
/// instances as `count` native 32-bit integer triples `(phrase, offset, size)` in document
/// order — the query's phrase number, the token position where it starts, its length in
/// tokens. The instances stay owned by the ranking.
void furet_ranking_hit(
    const furet_ranking *ranking, int position,
    int64_t *rowid, double *score, const int32_t **instances, int *count);

/// The most a token's BM25 saturation reaches in each block of rows, collected while SQLite
/// scans the token's rows: what lets a search skip the blocks where a frequent word cannot
/// lift a row to the page (see `ScoreBounds` in FuretIndex).
///
/// `furet_block_max(fts_table, bounds, weight...)`, over `MATCH` of one phrase, takes each
/// row's weighted frequency `f` of the phrase (one weight per column, as `furet_rank`) and
/// length, and keeps in the row's block (`rowid >> block_shift`) the largest saturation
/// `f / (f + normalisation)` seen, in 255ths rounded up (0: no row of the block holds the
/// phrase). The normalisation uses the index's average row length grown by `length_slack`
/// (read on the first row of the first statement, kept by `furet_block_bounds_reset`): the
/// bytes stay bounds while the index's average stays below it. The function's result is NULL.
typedef struct furet_block_bounds furet_block_bounds;

/// NULL when out of memory or for a shift outside 0...30.
furet_block_bounds *furet_block_bounds_new(int block_shift, double length_slack);
void furet_block_bounds_free(furet_block_bounds *bounds);

/// Forgets the blocks' maxima, for the next token; keeps the average length.
void furet_block_bounds_reset(furet_block_bounds *bounds);

/// Binds `bounds` to parameter `index` (1-based) of `statement`.
int furet_bind_block_bounds(sqlite3_stmt *statement, int index, furet_block_bounds *bounds);

/// The maxima of blocks 0..<`*count` (the last block a row was seen in), owned by `bounds`.
const uint8_t *furet_block_bounds_maxima(const furet_block_bounds *bounds, int64_t *count);

/// The average row length the saturations are computed with; 0 before the first row.
double furet_block_bounds_average_length(const furet_block_bounds *bounds);

#endif
