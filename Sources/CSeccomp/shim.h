// libseccomp (Debian `libseccomp-dev`): system-call filters for the extraction helper.
#include <seccomp.h>

// Function-like macros Swift cannot import.

/// `SCMP_ACT_ERRNO(code)`: the call fails with errno `code` instead of running.
static inline uint32_t furet_seccomp_fail_with(uint16_t code) { return SCMP_ACT_ERRNO(code); }
