#include "CXapian.h"

#include <xapian.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

struct cx_writer { Xapian::WritableDatabase database; };
struct cx_document { Xapian::Document document; };
struct cx_reader { Xapian::Database database; };
struct cx_query { Xapian::Query query; };
struct cx_results { Xapian::MSet mset; };

namespace {

void set_error(cx_error *error, cx_error_code code, const std::string &message) {
    if (error == nullptr) return;
    error->code = code;
    std::snprintf(error->message, sizeof error->message, "%s", message.c_str());
}

/// Runs `body`, turning any exception into `error` and `failure`: no C++ exception may
/// unwind into Swift.
template <typename Result, typename Body>
Result guarded(cx_error *error, Result failure, Body body) {
    if (error != nullptr) {
        error->code = CX_OK;
        error->message[0] = 0;
    }
    try {
        return body();
    } catch (const Xapian::NetworkError &e) {
        set_error(error, CX_NETWORK, e.get_description());
    } catch (const Xapian::DatabaseModifiedError &e) {
        set_error(error, CX_MODIFIED, e.get_description());
    } catch (const Xapian::DatabaseLockError &e) {
        set_error(error, CX_LOCKED, e.get_description());
    } catch (const Xapian::Error &e) {
        set_error(error, CX_OTHER, e.get_description());
    } catch (const std::exception &e) {
        set_error(error, CX_OTHER, e.what());
    } catch (...) {
        set_error(error, CX_OTHER, "unknown C++ exception");
    }
    return failure;
}

char *copy(const std::string &text, size_t *length) {
    char *result = static_cast<char *>(std::malloc(text.size() + 1));
    if (result == nullptr) return nullptr;
    std::memcpy(result, text.data(), text.size());
    result[text.size()] = 0;
    if (length != nullptr) *length = text.size();
    return result;
}

/// Takes ownership of a query handle: its query, the handle freed.
Xapian::Query take(cx_query *query) {
    Xapian::Query result = query->query;
    delete query;
    return result;
}

}  // namespace

// MARK: Writing

cx_writer *cx_writer_open_remote(const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms, cx_error *error) {
    return guarded<cx_writer *>(error, nullptr, [&] {
        return new cx_writer{Xapian::Remote::open_writable(host, port, timeout_ms, connect_timeout_ms)};
    });
}

cx_writer *cx_writer_open_local(const char *path, cx_error *error) {
    return guarded<cx_writer *>(error, nullptr, [&] {
        return new cx_writer{Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN)};
    });
}

void cx_writer_free(cx_writer *writer) {
    if (writer == nullptr) return;
    // Closing flushes nothing uncommitted, and a dead shard must not throw out of here.
    try { writer->database.close(); } catch (...) {}
    delete writer;
}

int cx_writer_replace(cx_writer *writer, const char *id, size_t id_length, const cx_document *document, cx_error *error) {
    return guarded(error, 0, [&] {
        writer->database.replace_document(std::string(id, id_length), document->document);
        return 1;
    });
}

int cx_writer_delete(cx_writer *writer, const char *id, size_t id_length, cx_error *error) {
    return guarded(error, 0, [&] {
        writer->database.delete_document(std::string(id, id_length));
        return 1;
    });
}

int cx_writer_commit(cx_writer *writer, cx_error *error) {
    return guarded(error, 0, [&] {
        writer->database.commit();
        return 1;
    });
}

int cx_writer_set_metadata(cx_writer *writer, const char *key, size_t key_length, const char *value, size_t value_length, cx_error *error) {
    return guarded(error, 0, [&] {
        writer->database.set_metadata(std::string(key, key_length), std::string(value, value_length));
        return 1;
    });
}

cx_document *cx_document_new(void) { return new (std::nothrow) cx_document{}; }

void cx_document_free(cx_document *document) { delete document; }

int cx_document_add_posting(cx_document *document, const char *term, size_t length, uint32_t position, uint32_t wdf, cx_error *error) {
    return guarded(error, 0, [&] {
        document->document.add_posting(std::string(term, length), position, wdf);
        return 1;
    });
}

int cx_document_add_term(cx_document *document, const char *term, size_t length, uint32_t wdf, cx_error *error) {
    return guarded(error, 0, [&] {
        document->document.add_term(std::string(term, length), wdf);
        return 1;
    });
}

void cx_document_set_data(cx_document *document, const void *data, size_t length) {
    document->document.set_data(std::string(static_cast<const char *>(data), length));
}

void cx_document_set_value(cx_document *document, unsigned slot, const void *value, size_t length) {
    document->document.add_value(slot, std::string(static_cast<const char *>(value), length));
}

size_t cx_sortable_serialise(double value, char buffer[18]) {
    std::string encoded = Xapian::sortable_serialise(value);
    std::memcpy(buffer, encoded.data(), encoded.size());
    return encoded.size();
}

// MARK: Reading

cx_reader *cx_reader_new(void) { return new (std::nothrow) cx_reader{}; }

void cx_reader_free(cx_reader *reader) {
    if (reader == nullptr) return;
    try { reader->database.close(); } catch (...) {}
    delete reader;
}

int cx_reader_add_remote(cx_reader *reader, const char *host, unsigned port, unsigned timeout_ms, unsigned connect_timeout_ms, cx_error *error) {
    return guarded(error, 0, [&] {
        reader->database.add_database(Xapian::Remote::open(host, port, timeout_ms, connect_timeout_ms));
        return 1;
    });
}

int cx_reader_add_reader(cx_reader *reader, const cx_reader *other, cx_error *error) {
    return guarded(error, 0, [&] {
        reader->database.add_database(other->database);
        return 1;
    });
}

int cx_reader_add_local(cx_reader *reader, const char *path, cx_error *error) {
    return guarded(error, 0, [&] {
        reader->database.add_database(Xapian::Database(path));
        return 1;
    });
}

int cx_reader_reopen(cx_reader *reader, cx_error *error) {
    return guarded(error, 0, [&] {
        reader->database.reopen();
        return 1;
    });
}

long long cx_reader_document_count(cx_reader *reader, cx_error *error) {
    return guarded(error, -1LL, [&] { return static_cast<long long>(reader->database.get_doccount()); });
}

long long cx_reader_documents(cx_reader *reader, uint32_t first, unsigned limit, void *context,
                              void (*body)(void *context, uint32_t docid, const char *data, size_t length), cx_error *error) {
    return guarded(error, -1LL, [&] {
        long long count = 0;
        Xapian::PostingIterator end = reader->database.postlist_end(std::string());
        for (Xapian::PostingIterator docid = reader->database.postlist_begin(std::string()); docid != end && count < limit; ++docid) {
            if (*docid < first) {
                docid.skip_to(first);
                if (docid == end) break;
            }
            std::string data = reader->database.get_document(*docid).get_data();
            body(context, *docid, data.data(), data.size());
            ++count;
        }
        return count;
    });
}

int cx_writer_copy(cx_writer *writer, const char *id, size_t id_length, cx_reader *reader, uint32_t docid, cx_error *error) {
    return guarded(error, 0, [&] {
        writer->database.replace_document(std::string(id, id_length), reader->database.get_document(docid));
        return 1;
    });
}

char *cx_reader_metadata(cx_reader *reader, const char *key, size_t key_length, size_t *length, cx_error *error) {
    return guarded<char *>(error, nullptr, [&] {
        char *value = copy(reader->database.get_metadata(std::string(key, key_length)), length);
        if (value == nullptr) set_error(error, CX_OTHER, "out of memory");
        return value;
    });
}

long long cx_reader_last_id(cx_reader *reader, cx_error *error) {
    return guarded(error, -1LL, [&] { return static_cast<long long>(reader->database.get_lastdocid()); });
}

long long cx_reader_term_frequency(cx_reader *reader, const char *term, size_t length, cx_error *error) {
    return guarded(error, -1LL, [&] { return static_cast<long long>(reader->database.get_termfreq(std::string(term, length))); });
}

long long cx_reader_terms_with_prefix(cx_reader *reader, const char *prefix, size_t length, unsigned limit, void *context,
                                      void (*body)(void *context, const char *term, size_t length), cx_error *error) {
    return guarded(error, -1LL, [&] {
        std::string start(prefix, length);
        long long count = 0;
        for (auto term = reader->database.allterms_begin(start); term != reader->database.allterms_end(start); ++term, ++count) {
            if (count < limit) {
                std::string name = *term;
                body(context, name.data(), name.size());
            }
        }
        return count;
    });
}

// MARK: Queries

cx_query *cx_query_term(const char *term, size_t length) {
    return new (std::nothrow) cx_query{Xapian::Query(std::string(term, length))};
}

cx_query *cx_query_wildcard(const char *prefix, size_t length) {
    return new (std::nothrow) cx_query{Xapian::Query(Xapian::Query::OP_WILDCARD, std::string(prefix, length))};
}

cx_query *cx_query_combine(cx_operator op, cx_query **subqueries, size_t count, unsigned window) {
    std::vector<Xapian::Query> parts;
    parts.reserve(count);
    for (size_t index = 0; index < count; index++) parts.push_back(take(subqueries[index]));
    Xapian::Query result;
    switch (op) {
    case CX_AND: result = Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()); break;
    case CX_OR: result = Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()); break;
    case CX_AND_NOT: result = Xapian::Query(Xapian::Query::OP_AND_NOT, parts.begin(), parts.end()); break;
    case CX_PHRASE: result = Xapian::Query(Xapian::Query::OP_PHRASE, parts.begin(), parts.end(), window); break;
    case CX_NEAR: result = Xapian::Query(Xapian::Query::OP_NEAR, parts.begin(), parts.end(), window); break;
    case CX_FILTER: result = Xapian::Query(Xapian::Query::OP_FILTER, parts.begin(), parts.end()); break;
    }
    return new (std::nothrow) cx_query{result};
}

cx_query *cx_query_value_range(unsigned slot, const char *low, size_t low_length, const char *high, size_t high_length) {
    Xapian::Query result;
    if (low != nullptr && high != nullptr) {
        result = Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, std::string(low, low_length), std::string(high, high_length));
    } else if (low != nullptr) {
        result = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, std::string(low, low_length));
    } else if (high != nullptr) {
        result = Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, std::string(high, high_length));
    } else {
        result = Xapian::Query::MatchAll;
    }
    return new (std::nothrow) cx_query{result};
}

cx_query *cx_query_scale(cx_query *query, double factor) {
    return new (std::nothrow) cx_query{Xapian::Query(factor, take(query))};
}

void cx_query_free(cx_query *query) { delete query; }

char *cx_query_description(const cx_query *query) { return copy(query->query.get_description(), nullptr); }

// MARK: Searching

cx_results *cx_reader_search(cx_reader *reader, const cx_query *query, double k1, double b, unsigned sort_slot, int by_value,
                             unsigned first, unsigned count, unsigned check_at_least, cx_error *error) {
    return guarded<cx_results *>(error, nullptr, [&] {
        Xapian::Enquire enquire(reader->database);
        enquire.set_query(query->query);
        // k2 = 0 and k3 = 1: no query-length correction, a query term's weight does not grow
        // with its repeats (Furet scales repeated clauses itself); min_normlen 0.5 is Xapian's.
        enquire.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, 0.5));
        if (by_value) {
            enquire.set_sort_by_value_then_relevance(sort_slot, false);
        } else {
            enquire.set_sort_by_relevance_then_value(sort_slot, false);
        }
        Xapian::MSet mset = enquire.get_mset(first, count, check_at_least);
        return new cx_results{mset};
    });
}

void cx_results_free(cx_results *results) { delete results; }

size_t cx_results_count(const cx_results *results) { return results->mset.size(); }

unsigned long long cx_results_estimated(const cx_results *results) { return results->mset.get_matches_estimated(); }

void cx_results_hit(const cx_results *results, size_t index, uint32_t *docid, double *weight) {
    Xapian::MSetIterator hit = results->mset[static_cast<Xapian::doccount>(index)];
    *docid = *hit;
    *weight = hit.get_weight();
}

char *cx_results_sort_key(const cx_results *results, size_t index, size_t *length, cx_error *error) {
    return guarded<char *>(error, nullptr, [&] {
        Xapian::MSetIterator hit = results->mset[static_cast<Xapian::doccount>(index)];
        char *key = copy(hit.get_sort_key(), length);
        if (key == nullptr) set_error(error, CX_OTHER, "out of memory");
        return key;
    });
}

int cx_reader_fetch(cx_reader *reader, uint32_t docid, const char *terms, const size_t *lengths, size_t count, void *context,
                    void (*data)(void *context, const char *bytes, size_t length),
                    void (*position)(void *context, size_t term, uint32_t position), cx_error *error) {
    return guarded(error, 0, [&] {
        // The docid comes from a search: no check that it exists (on a remote shard, a
        // request saved).
        std::string stored = reader->database.get_document(docid, Xapian::DOC_ASSUME_VALID).get_data();
        data(context, stored.data(), stored.size());
        const char *term = terms;
        for (size_t index = 0; index < count; term += lengths[index], ++index) {
            std::string name(term, lengths[index]);
            Xapian::PositionIterator end = reader->database.positionlist_end(docid, name);
            for (auto at = reader->database.positionlist_begin(docid, name); at != end; ++at) position(context, index, *at);
        }
        return 1;
    });
}

void cx_free(void *pointer) { std::free(pointer); }
