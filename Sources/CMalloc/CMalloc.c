#include "CMalloc.h"
#include <malloc.h>

void furet_release_free_memory(void) {
    malloc_trim(0);
}

void furet_limit_malloc_arenas(int count) {
    mallopt(M_ARENA_MAX, count);
}
