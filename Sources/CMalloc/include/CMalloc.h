#ifndef CMALLOC_H
#define CMALLOC_H

/// Returns free heap memory to the system (glibc's `malloc_trim(0)`, which Swift's Glibc
/// module does not expose). The daemon calls it when indexing goes idle, so a bulk load
/// does not leave its peak as the resting size.
void furet_release_free_memory(void);

#endif
