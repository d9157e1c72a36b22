#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU; its ICU headers clash with the ICU inside Swift's
// Foundation. Furet never touches the ICU converter fields, so leave them out.
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>

/// `xmlFree` is a global function pointer, which Swift 6 cannot read safely.
static inline void furet_xml_free(void *pointer) { xmlFree(pointer); }
