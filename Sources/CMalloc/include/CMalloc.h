#ifndef CMALLOC_H
#define CMALLOC_H

/// Returns free heap memory to the system (glibc's `malloc_trim(0)`, which Swift's Glibc
/// module does not expose). The daemon calls it when indexing goes idle, so a bulk load
/// does not leave its peak as the resting size.
void furet_release_free_memory(void);

/// Caps glibc's malloc arenas at `count` (`mallopt(M_ARENA_MAX, …)`). By default glibc gives
/// busy threads arenas of their own, up to eight per core, each keeping its freed memory: with
/// a thread per client connection that multiplied the daemon's resident size under load
/// (`Daemon.mallocArenas` says how many it keeps).
void furet_limit_malloc_arenas(int count);

#endif
