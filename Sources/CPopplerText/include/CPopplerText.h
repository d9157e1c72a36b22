#ifndef CPOPPLERTEXT_H
#define CPOPPLERTEXT_H

/// A C interface to poppler's core library (Debian `libpoppler-private-dev`) for one job: the
/// text of a PDF's pages, page after page, exactly as poppler-glib's `poppler_page_get_text`
/// gives it, at a fraction of its cost. poppler-glib interprets each page with a new `Gfx`,
/// whose resources load every font of the page again, embedded font program included: two
/// fifths of the CPU of reading Debian's French PDFs went there. Here one `Gfx` reads the
/// pages of a document that share their boxes, and a page's fonts are loaded only when the
/// fonts already loaded do not have them under the same names.
/// No C++ exception crosses this interface: a failing call returns NULL.

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fpt_document fpt_document;

/// Opens the PDF in `bytes`, which must stay valid and unchanged until `fpt_close`. NULL when
/// poppler cannot read it (the caller, which opened it with poppler-glib first, has its reason).
fpt_document *fpt_open(const void *bytes, size_t length);

/// The number of pages.
int fpt_page_count(const fpt_document *document);

/// The UTF-8 text of the next page (the first one at the first call), to be freed with `free`;
/// NULL when that page cannot be read or there is no page left.
char *fpt_next_page_text(fpt_document *document);

void fpt_close(fpt_document *document);

#ifdef __cplusplus
}
#endif

#endif
