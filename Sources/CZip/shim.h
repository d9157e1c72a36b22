// libzip (Debian `libzip-dev`): reading ODT, DOCX and EPUB containers from memory.
#include <zip.h>
