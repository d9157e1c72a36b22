// poppler-glib (Debian `libpoppler-glib-dev`): PDF text, page labels and metadata.
#include <poppler.h>
