/*
 * fts5-baseline: the raw SQLite FTS5 indexing baseline for `furet-bench tokenizer`.
 *
 * Usage: fts5-baseline DATABASE < paths
 *
 * Reads every file named on stdin (one path a line) into memory, then creates
 *     CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')
 * in DATABASE (which must not exist) and inserts each file (title = its first line,
 * body = its whole text) in one transaction. Prints one JSON object:
 *     {"documents": N, "seconds": S, "bytes": B, "index_bytes": I}
 * where S times only the inserts and the commit (not reading the files), B is the text
 * size and I the database size once closed.
 *
 * The connection runs in WAL mode with synchronous=NORMAL, as GRDB's DatabasePool does
 * for Furet, so that the comparison measures tokenizing and indexing, not journaling.
 *
 * Build: cc -O2 -o .build-bench/fts5-baseline Tools/fts5-baseline.c -lsqlite3
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

struct document {
    char *text;
    size_t length;
    size_t title_length;
};

static void fail(const char *what, const char *detail) {
    fprintf(stderr, "fts5-baseline: %s: %s\n", what, detail);
    exit(1);
}

static void check(sqlite3 *db, int rc, const char *what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) fail(what, sqlite3_errmsg(db));
}

/* Reads a whole file; the title is its first line. */
static struct document read_document(const char *path) {
    FILE *file = fopen(path, "rb");
    if (!file) fail("cannot open", path);
    struct document document = {0};
    size_t capacity = 1 << 16;
    document.text = malloc(capacity);
    size_t got;
    while ((got = fread(document.text + document.length, 1, capacity - document.length, file)) > 0) {
        document.length += got;
        if (document.length == capacity) document.text = realloc(document.text, capacity *= 2);
    }
    if (ferror(file)) fail("cannot read", path);
    fclose(file);
    const char *newline = memchr(document.text, '\n', document.length);
    document.title_length = newline ? (size_t)(newline - document.text) : document.length;
    return document;
}

static double now(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec + (double)time.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: fts5-baseline DATABASE < paths\n");
        return 2;
    }
    struct stat info;
    if (stat(argv[1], &info) == 0) fail("database already exists", argv[1]);

    size_t count = 0, capacity = 1024, bytes = 0;
    struct document *documents = malloc(capacity * sizeof *documents);
    char *line = NULL;
    size_t line_capacity = 0;
    ssize_t line_length;
    while ((line_length = getline(&line, &line_capacity, stdin)) > 0) {
        if (line[line_length - 1] == '\n') line[--line_length] = '\0';
        if (line_length == 0) continue;
        if (count == capacity) documents = realloc(documents, (capacity *= 2) * sizeof *documents);
        documents[count] = read_document(line);
        bytes += documents[count].length;
        count++;
    }
    free(line);

    sqlite3 *db;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) fail("cannot open database", argv[1]);
    check(db, sqlite3_exec(db,
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
        "CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2');",
        NULL, NULL, NULL), "create");
    sqlite3_stmt *insert;
    check(db, sqlite3_prepare_v2(db, "INSERT INTO fts(title, body) VALUES (?, ?)", -1, &insert, NULL), "prepare");

    double start = now();
    check(db, sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), "begin");
    for (size_t i = 0; i < count; i++) {
        sqlite3_bind_text(insert, 1, documents[i].text, (int)documents[i].title_length, SQLITE_STATIC);
        sqlite3_bind_text(insert, 2, documents[i].text, (int)documents[i].length, SQLITE_STATIC);
        check(db, sqlite3_step(insert), "insert");
        sqlite3_reset(insert);
    }
    check(db, sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), "commit");
    double seconds = now() - start;

    sqlite3_finalize(insert);
    check(db, sqlite3_close(db), "close");
    if (stat(argv[1], &info) != 0) fail("cannot stat", argv[1]);
    printf("{\"documents\": %zu, \"seconds\": %.6f, \"bytes\": %zu, \"index_bytes\": %lld}\n",
           count, seconds, bytes, (long long)info.st_size);
    for (size_t i = 0; i < count; i++) free(documents[i].text);
    free(documents);
    return 0;
}
