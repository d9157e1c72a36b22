#ifndef FURET_BM25_H
#define FURET_BM25_H

/// BM25's parameters, as FTS5's `bm25()` uses them: the ranking scores with them, and the
/// score bounds (`BlockBounds.c`) bound what they give.
static const double furet_bm25_k1 = 1.2, furet_bm25_b = 0.75;

/// BM25's length normalisation of a row of `length` tokens, in an index whose rows hold
/// `average_length` tokens on average.
static inline double furet_bm25_normalisation(int length, double average_length) {
    return furet_bm25_k1 * (1 - furet_bm25_b + furet_bm25_b * (double)length / average_length);
}

#endif
