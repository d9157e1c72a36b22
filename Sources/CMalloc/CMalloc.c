#include "CMalloc.h"
#include <malloc.h>

void furet_release_free_memory(void) {
    malloc_trim(0);
}
