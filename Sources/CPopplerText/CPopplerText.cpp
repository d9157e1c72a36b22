#include "CPopplerText.h"

#include <Catalog.h>
#include <Dict.h>
#include <Gfx.h>
#include <GfxState.h>
#include <GlobalParams.h>
#include <PDFDoc.h>
#include <PDFDocEncoding.h>
#include <Page.h>
#include <Stream.h>
#include <TextOutputDev.h>

#include <glib.h>
#include <poppler-date.h>
#include <unicode/normalizer2.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

bool sameRectangle(const PDFRectangle *a, const PDFRectangle *b)
{
    return a->x1 == b->x1 && a->y1 == b->y1 && a->x2 == b->x2 && a->y2 == b->y2;
}

/// Whether one `Gfx` set up for page `a` can read page `b`: the same boxes and rotation give
/// the same initial state (transformation and clip).
bool sameGeometry(Page *a, Page *b)
{
    return a->getRotate() == b->getRotate() && sameRectangle(a->getMediaBox(), b->getMediaBox())
        && sameRectangle(a->getCropBox(), b->getCropBox());
}

/// The whole page as poppler-glib's `poppler_page_get_text` selects it: the crop box's size,
/// turned with the page.
PDFRectangle wholePage(Page *page)
{
    double width = page->getCropWidth();
    double height = page->getCropHeight();
    if (page->getRotate() == 90 || page->getRotate() == 270) {
        std::swap(width, height);
    }
    return PDFRectangle(0, 0, width, height);
}

/// A PDF text string in UTF-8 as poppler-glib converts it: UTF-16 after a byte order mark,
/// PDFDocEncoding otherwise; NULL when its UTF-16 is not well formed.
char *textStringToUTF8(const GooString &text)
{
    if (text.hasUnicodeMarker() || text.hasUnicodeMarkerLE()) {
        const char *encoding = text.hasUnicodeMarker() ? "UTF-16BE" : "UTF-16LE";
        return g_convert(text.c_str() + 2, text.getLength() - 2, "UTF-8", encoding, nullptr, nullptr, nullptr);
    }
    std::vector<gunichar> characters;
    characters.reserve(text.getLength() + 1);
    for (int index = 0; index < text.getLength(); index++) {
        characters.push_back(pdfDocEncoding[static_cast<unsigned char>(text.getChar(index))]);
    }
    characters.push_back(0);
    return g_ucs4_to_utf8(characters.data(), -1, nullptr, nullptr, nullptr);
}

/// poppler's error messages about a file go nowhere, as poppler-glib's do (it logs them at
/// `G_LOG_LEVEL_INFO`, which glib drops): the reasons that matter reach the caller.
void ignoreError(ErrorCategory, Goffset, const char *) { }

} // namespace

struct fpt_document
{
    std::unique_ptr<PDFDoc> doc;
    /// Set up as poppler-glib sets up its own for a page's text (physical layout, no raw order).
    TextOutputDev device { nullptr, true, 0, false, false };
    /// Optional content can stay hidden past the end of a page whose marked content is not
    /// closed, and `Gfx` keeps that state: such documents get a new `Gfx` for every page.
    bool reusesGfx = false;
    int nextPage = 1;
    /// The resource dictionaries pushed onto `gfx` for the fonts of later pages, which must
    /// outlive it (declared first, so destroyed after it).
    std::vector<std::unique_ptr<Dict>> fontLayers;
    std::unique_ptr<Gfx> gfx;
    Page *gfxPage = nullptr;
    /// The font each name resolves to in `gfx`'s resources, for the names bound to an
    /// indirect font object.
    std::map<std::string, Ref> loadedFonts;
    /// `Gfx` looks a font up through every layer pushed: past this many, a new `Gfx` starts
    /// over, so that a document that binds its font names anew on every page costs at most
    /// what poppler-glib's reading costs, not a lookup through all its pages.
    static constexpr size_t maxFontLayers = 32;

    /// Interprets page `number` into `device`, with a new `Gfx` or the one in use.
    void interpret(Page *page, int number)
    {
        Dict *resources = page->getResourceDict();
        if (gfx && (!reusesGfx || resources == nullptr || fontLayers.size() >= maxFontLayers || !sameGeometry(gfxPage, page))) {
            dropGfx();
        }
        if (!gfx) {
            // Its constructor starts the page on the device and loads the page's fonts.
            gfx.reset(page->createGfx(&device, 72.0, 72.0, 0, false, true, -1, -1, -1, -1, false, nullptr, nullptr));
            gfxPage = page;
            Object fonts = resources ? resources->lookup("Font") : Object(objNull);
            if (fonts.isDict()) {
                for (int index = 0; index < fonts.dictGetLength(); index++) {
                    const Object &font = fonts.dictGetValNF(index);
                    if (font.isRef()) {
                        loadedFonts[fonts.dictGetKey(index)] = font.getRef();
                    }
                }
            }
            display(page);
            return;
        }
        device.startPage(number, gfx->getState(), doc->getXRef());
        pushNewFonts(resources);
        // The page's other resources (images, forms, graphics states, colour spaces) over the
        // fonts: `Gfx` looks a name up from the top resources down.
        auto pageLayer = std::make_unique<Dict>(doc->getXRef());
        for (int index = 0; index < resources->getLength(); index++) {
            if (strcmp(resources->getKey(index), "Font") != 0) {
                pageLayer->add(resources->getKey(index), resources->getValNF(index).copy());
            }
        }
        gfx->pushResources(pageLayer.get());
        display(page);
        gfx->popResources();
    }

    /// Pushes, for good, the fonts of `resources` that `gfx` does not resolve to the same
    /// object under the same name.
    void pushNewFonts(Dict *resources)
    {
        Object fonts = resources->lookup("Font");
        if (!fonts.isDict()) {
            return;
        }
        auto missing = std::make_unique<Dict>(doc->getXRef());
        for (int index = 0; index < fonts.dictGetLength(); index++) {
            const char *name = fonts.dictGetKey(index);
            const Object &font = fonts.dictGetValNF(index);
            auto loaded = loadedFonts.find(name);
            if (font.isRef() && loaded != loadedFonts.end() && loaded->second == font.getRef()) {
                continue;
            }
            missing->add(name, font.copy());
            if (font.isRef()) {
                loadedFonts[name] = font.getRef();
            } else {
                loadedFonts.erase(name);
            }
        }
        if (missing->getLength() == 0) {
            return;
        }
        auto layer = std::make_unique<Dict>(doc->getXRef());
        layer->add("Font", Object(missing.release()));
        gfx->pushResources(layer.get());
        fontLayers.push_back(std::move(layer));
    }

    /// The page's content, with its graphics state restored afterwards even when its `q` and
    /// `Q` do not balance.
    void display(Page *page)
    {
        gfx->pushStateGuard();
        page->display(gfx.get());
        gfx->popStateGuard();
    }

    void dropGfx()
    {
        gfx.reset();
        fontLayers.clear();
        loadedFonts.clear();
        gfxPage = nullptr;
    }
};

fpt_document *fpt_open(const void *bytes, size_t length)
{
    try {
        // poppler's global parameters (its name-to-Unicode tables and CMaps, read from
        // /usr/share/poppler) are counted: they live while one holder does. Held from the first
        // document on, they are not read again for each PDF.
        static GlobalParamsIniter globalParameters(ignoreError);
        auto stream = new MemStream(static_cast<const char *>(bytes), 0, static_cast<Goffset>(length), Object(objNull));
        auto document = std::make_unique<fpt_document>();
        document->doc = std::make_unique<PDFDoc>(stream);
        if (!document->doc->isOk()) {
            return nullptr;
        }
        document->reusesGfx = document->doc->getOptContentConfig() == nullptr;
        return document.release();
    } catch (...) {
        return nullptr;
    }
}

int fpt_page_count(const fpt_document *document)
{
    return document->doc->getNumPages();
}

char *fpt_next_page_text(fpt_document *document)
{
    try {
        int number = document->nextPage;
        if (number > document->doc->getNumPages()) {
            return nullptr;
        }
        Page *page = document->doc->getPage(number);
        if (page == nullptr) {
            return nullptr;
        }
        document->nextPage += 1;
        document->interpret(page, number);
        document->device.endPage();
        PDFRectangle selection = wholePage(page);
        std::unique_ptr<GooString> text(document->device.getSelectionText(&selection, selectionStyleGlyph));
        return strdup(text ? text->c_str() : "");
    } catch (...) {
        return nullptr;
    }
}

char *fpt_page_label(const fpt_document *document, int index)
{
    try {
        GooString label;
        if (!document->doc->getCatalog()->indexToLabel(index, &label)) {
            return nullptr;
        }
        return textStringToUTF8(label);
    } catch (...) {
        return nullptr;
    }
}

char *fpt_info_text(const fpt_document *document, const char *key)
{
    try {
        std::unique_ptr<GooString> text = document->doc->getDocInfoStringEntry(key);
        return text ? textStringToUTF8(*text) : nullptr;
    } catch (...) {
        return nullptr;
    }
}

time_t fpt_creation_date(const fpt_document *document)
{
    try {
        std::unique_ptr<GooString> date = document->doc->getDocInfoCreatDate();
        if (!date) {
            return -1;
        }
        // poppler-glib reads a date in UTF-16 only big-endian, and any other as it is.
        std::unique_ptr<gchar, decltype(&g_free)> string(date->hasUnicodeMarker()
                ? g_convert(date->c_str() + 2, date->getLength() - 2, "UTF-8", "UTF-16BE", nullptr, nullptr, nullptr)
                : g_strndup(date->c_str(), date->getLength()),
            &g_free);
        time_t time;
        return string && poppler_date_parse(string.get(), &time) ? time : -1;
    } catch (...) {
        return -1;
    }
}

void fpt_close(fpt_document *document)
{
    delete document;
}

bool fpt_utf8_is_nfc(const char *text, size_t length)
{
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
        return false;
    }
    UBool normalized = nfc->isNormalizedUTF8(icu::StringPiece(text, static_cast<int32_t>(length)), status);
    return U_SUCCESS(status) && normalized;
}
