#ifndef FURET_PROXIMITY_H
#define FURET_PROXIMITY_H

#include "CFuretSQLite.h"

/// One proximity of a query (`a NEAR/5 b`) that `furet_rank` checks itself on each row the
/// statement visits, instead of FTS5's `NEAR(…)`: the statement only asks for every side
/// (each side an `OR` of its forms, each form its own FTS5 phrase), and the ranking keeps
/// the rows whose sides' positions are close enough.
///
/// FTS5 reads a one-token phrase's positions in place from its index, but a phrase whose
/// word has colocated alternatives (every form of a side) is a "synonym" phrase: for each
/// row holding every side, FTS5 merges its forms' position lists into a new buffer, then a
/// `NEAR` writes the positions it keeps into another. For two frequent words of long
/// novels, that is tens of thousands of positions rewritten per row, for rows that mostly
/// cannot reach the page. Here the forms' positions are merged into arrays once, a row that
/// cannot reach the page is only checked for one close pair (its count needs no more), and
/// only the others have every close position kept, for their score and snippet.
///
/// The kept positions are those FTS5's `NEAR` keeps (`fts5ExprNearIsMatch`): the same walk
/// over the sides' merged positions, so scores and snippets are bit for bit FTS5's.
typedef struct furet_proximity furet_proximity;

/// A proximity of `side_count` sides (at least 2) at most `distance` tokens apart: side `i`
/// is the FTS5 phrases `first_phrase[i]` to `first_phrase[i] + phrase_count[i] - 1` (its
/// forms, any of which stands for it), `words[i]` tokens long. NULL when out of memory.
furet_proximity *furet_proximity_new(int distance, int side_count, const int *first_phrase, const int *phrase_count, const int *words);
void furet_proximity_free(furet_proximity *proximity);

/// Whether `phrase` is one of the proximity's forms: the ranking leaves its positions to it.
int furet_proximity_owns(const furet_proximity *proximity, int phrase);

/// Reads the current row's positions of each side: every form's, merged, without duplicates.
int furet_proximity_read(furet_proximity *proximity, const Fts5ExtensionApi *api, Fts5Context *fts);

/// Whether the positions read hold one set of close positions, one per side: stops at the first.
int furet_proximity_holds(const furet_proximity *proximity);

/// Keeps, of the positions read, only those in a set of close positions (what FTS5's `NEAR`
/// keeps); returns whether any is left. Then `furet_proximity_side` gives these.
int furet_proximity_trim(furet_proximity *proximity, int *rc);

/// The number of sides.
int furet_proximity_side_count(const furet_proximity *proximity);

/// Side `side`'s positions (read, or kept once trimmed) as `(column << 32) | offset`,
/// ascending; its first phrase (the one it is scored and reported as) and its length in tokens.
const int64_t *furet_proximity_side(const furet_proximity *proximity, int side, int *count, int *first_phrase, int *words);

#endif
