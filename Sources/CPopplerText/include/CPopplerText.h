#ifndef CPOPPLERTEXT_H
#define CPOPPLERTEXT_H

/// A C interface to poppler's core library (Debian `libpoppler-private-dev`) for one job: the
/// text of a PDF's pages, page after page, exactly as poppler-glib's `poppler_page_get_text`
/// gives it, at a fraction of its cost. poppler-glib interprets each page with a new `Gfx`,
/// whose resources load every font of the page again, embedded font program included: two
/// fifths of the CPU of reading Debian's French PDFs went there. Here one `Gfx` reads the
/// pages of a document that share their boxes, and a page's fonts are loaded only when the
/// fonts already loaded do not have them under the same names.
/// The page labels and the document's title, author and creation date come from here too, as
/// poppler-glib gives them: opening the document a second time through poppler-glib, for them
/// alone, cost a parse of the file and a Cairo output device per PDF.
/// No C++ exception crosses this interface: a failing call returns NULL.

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct fpt_document fpt_document;

/// Opens the PDF in `bytes`, which must stay valid and unchanged until `fpt_close`. NULL when
/// poppler cannot read it: poppler-glib says why (the caller opens it there only then).
fpt_document *fpt_open(const void *bytes, size_t length);

/// The number of pages.
int fpt_page_count(const fpt_document *document);

/// The UTF-8 text of the next page (the first one at the first call), to be freed with `free`;
/// NULL when that page cannot be read or there is no page left.
char *fpt_next_page_text(fpt_document *document);

/// The label of page `index` (from 0) in UTF-8, as poppler-glib's `poppler_page_get_label`
/// gives it (the page number when the document has no labels), to be freed with `g_free`; NULL
/// when there is no such page or the label is not text.
char *fpt_page_label(const fpt_document *document, int index);

/// The text of the document information entry `key` (`Title`, `Author`) in UTF-8, as
/// poppler-glib's `poppler_document_get_title` gives it, to be freed with `g_free`; NULL when
/// the entry is missing or not text.
char *fpt_info_text(const fpt_document *document, const char *key);

/// The document's creation date, as poppler-glib's `poppler_document_get_creation_date` gives
/// it: -1 when it has none that poppler can read.
time_t fpt_creation_date(const fpt_document *document);

void fpt_close(fpt_document *document);

/// Whether the UTF-8 `text` (`length` bytes, at most 2 GiB) is already in Unicode NFC, so that
/// normalising it would give it back unchanged: ICU's `Normalizer2::isNormalizedUTF8` (Debian
/// `libicu-dev`; libxml2 already loads ICU into the helper). It answers in one pass over the
/// bytes, without converting them; false when it cannot tell.
bool fpt_utf8_is_nfc(const char *text, size_t length);

#ifdef __cplusplus
}
#endif

#endif
