#ifndef CXAPIAN_H
#define CXAPIAN_H

/// A C interface to the part of Xapian (a C++ library) that Furet's cluster router uses:
/// writable remote shards, one read database over several shards, queries and BM25 searches.
/// No C++ exception crosses this interface: a failing call returns 0 or NULL and fills a
/// `cx_error`.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What kind of failure a call met (Xapian's error classes that the router tells apart).
typedef enum {
    CX_OK = 0,
    /// A shard could not be reached, or stopped answering within its timeout.
    CX_NETWORK = 1,
    /// The database changed under a reader: `cx_reader_reopen` and retry.
    CX_MODIFIED = 2,
    /// The database is locked by another writer.
    CX_LOCKED = 3,
    /// Anything else (invalid argument, corrupt database, out of memory...).
    CX_OTHER = 4,
} cx_error_code;

typedef struct {
    cx_error_code code;
    char message[512];
} cx_error;

typedef struct cx_writer cx_writer;
typedef struct cx_document cx_document;
typedef struct cx_reader cx_reader;
typedef struct cx_query cx_query;
typedef struct cx_results cx_results;

// MARK: Writing

/// Opens the writable database of a remote shard (`xapian-tcpsrv --writable`).
cx_writer *cx_writer_open_remote(const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms, cx_error *error);
/// Opens (creating it if needed) a database in a local folder.
cx_writer *cx_writer_open_local(const char *path, cx_error *error);
void cx_writer_free(cx_writer *writer);
/// Replaces the document holding the unique term `id` (adds it when none does).
int cx_writer_replace(cx_writer *writer, const char *id, size_t id_length, const cx_document *document, cx_error *error);
/// Deletes the documents holding the unique term `id`.
int cx_writer_delete(cx_writer *writer, const char *id, size_t id_length, cx_error *error);
int cx_writer_commit(cx_writer *writer, cx_error *error);
/// Sets a user metadata entry, written with the next commit.
int cx_writer_set_metadata(cx_writer *writer, const char *key, size_t key_length, const char *value, size_t value_length, cx_error *error);

cx_document *cx_document_new(void);
void cx_document_free(cx_document *document);
/// Adds `term` at `position`, its within-document frequency raised by `wdf`.
int cx_document_add_posting(cx_document *document, const char *term, size_t length, uint32_t position, uint32_t wdf, cx_error *error);
/// Adds a term without position (a boolean filter term when `wdf` is 0).
int cx_document_add_term(cx_document *document, const char *term, size_t length, uint32_t wdf, cx_error *error);
void cx_document_set_data(cx_document *document, const void *data, size_t length);
void cx_document_set_value(cx_document *document, unsigned slot, const void *value, size_t length);

/// Xapian's sortable encoding of a number, for value ranges: writes at most 18 bytes into
/// `buffer`, returns how many.
size_t cx_sortable_serialise(double value, char buffer[18]);

// MARK: Reading

cx_reader *cx_reader_new(void);
void cx_reader_free(cx_reader *reader);
/// Adds a remote shard (read access) to the reader's combined database.
int cx_reader_add_remote(cx_reader *reader, const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms, cx_error *error);
/// Adds the databases of `other` (opened apart, e.g. on another thread) to the reader's.
int cx_reader_add_reader(cx_reader *reader, const cx_reader *other, cx_error *error);
int cx_reader_add_local(cx_reader *reader, const char *path, cx_error *error);
/// Brings the reader to the shards' latest commits.
int cx_reader_reopen(cx_reader *reader, cx_error *error);
/// The number of documents in all the reader's shards; -1 on error.
long long cx_reader_document_count(cx_reader *reader, cx_error *error);
/// The highest document id used (Xapian's get_lastdocid), or -1 on error.
long long cx_reader_last_id(cx_reader *reader, cx_error *error);
/// A user metadata entry (of the first database), empty when absent; free with cx_free.
char *cx_reader_metadata(cx_reader *reader, const char *key, size_t key_length, size_t *length, cx_error *error);
/// How many documents of all the reader's databases hold `term`; -1 on error.
long long cx_reader_term_frequency(cx_reader *reader, const char *term, size_t length, cx_error *error);

/// How many documents of all the reader's shards hold `term`; -1 on error.
long long cx_reader_term_frequency(cx_reader *reader, const char *term, size_t length, cx_error *error);

/// Calls `body` with each term of the shards starting with `prefix`, in order, at most
/// `limit`; returns how many there are in all (-1 on error).
long long cx_reader_terms_with_prefix(cx_reader *reader, const char *prefix, size_t length, unsigned limit, void *context,
                                      void (*body)(void *context, const char *term, size_t length), cx_error *error);
/// Calls body with each document's id and data, in docid order, from `first` on, at most
/// `limit`; returns how many it called it with, or -1 on error.
long long cx_reader_documents(cx_reader *reader, uint32_t first, unsigned limit, void *context,
                              void (*body)(void *context, uint32_t docid, const char *data, size_t length), cx_error *error);
/// Replaces the writer's document holding the unique term `id` with a copy of the reader's
/// document `docid` (its terms, positions, values and data), or adds it.
int cx_writer_copy(cx_writer *writer, const char *id, size_t id_length, cx_reader *reader, uint32_t docid, cx_error *error);

// MARK: Queries (each function takes ownership of the queries it is given)

typedef enum {
    CX_AND = 0,
    CX_OR = 1,
    CX_AND_NOT = 2,
    CX_PHRASE = 3,
    CX_NEAR = 4,
    /// The first subquery's matches and weights, limited to documents matching the others.
    CX_FILTER = 5,
} cx_operator;

cx_query *cx_query_term(const char *term, size_t length);
/// Terms starting with `prefix`, scored as one synonym.
cx_query *cx_query_wildcard(const char *prefix, size_t length);
/// `operator` over `count` subqueries; `window` is PHRASE's or NEAR's span (0: their count).
cx_query *cx_query_combine(cx_operator op, cx_query **subqueries, size_t count, unsigned window);
/// Documents whose value in `slot` lies between `low` and `high` (either may be NULL: open).
cx_query *cx_query_value_range(unsigned slot, const char *low, size_t low_length, const char *high, size_t high_length);
/// `query`'s weights multiplied by `factor`.
cx_query *cx_query_scale(cx_query *query, double factor);
void cx_query_free(cx_query *query);
/// Xapian's description of a query, for tests and debugging (free with `cx_free`).
char *cx_query_description(const cx_query *query);

// MARK: Searching

/// Runs `query` with BM25 (`k1`, `b`), sorted by relevance then by the value in `sort_slot`
/// ascending, or when `by_value` is not 0, by that value ascending then by relevance; keeps
/// the hits from `first` on, at most `count`; counts matches exactly up to `check_at_least`.
cx_results *cx_reader_search(cx_reader *reader, const cx_query *query, double k1, double b, unsigned sort_slot, int by_value,
                             unsigned first, unsigned count, unsigned check_at_least, cx_error *error);
void cx_results_free(cx_results *results);
size_t cx_results_count(const cx_results *results);
/// Xapian's estimate of the matches (exact below `check_at_least`).
unsigned long long cx_results_estimated(const cx_results *results);
/// Hit `index`: its docid in the combined database and its weight.
void cx_results_hit(const cx_results *results, size_t index, uint32_t *docid, double *weight);
/// Hit `index`'s sort key: the value in the slot the search ordered by (free with `cx_free`);
/// NULL on error.
char *cx_results_sort_key(const cx_results *results, size_t index, size_t *length, cx_error *error);
/// Reads document `docid` of a reader over one shard: calls `data` with its stored data, then
/// `position` with each position of each of the `count` terms (concatenated in `terms`, their
/// byte lengths in `lengths`) with the term's index. One request for the data and one per
/// term on a remote shard: Xapian 1.4's remote protocol has nothing that reads more at once.
int cx_reader_fetch(cx_reader *reader, uint32_t docid, const char *terms, const size_t *lengths, size_t count, void *context,
                    void (*data)(void *context, const char *bytes, size_t length),
                    void (*position)(void *context, size_t term, uint32_t position), cx_error *error);

void cx_free(void *pointer);

#ifdef __cplusplus
}
#endif

#endif
