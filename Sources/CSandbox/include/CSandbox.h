#ifndef C_SANDBOX_H
#define C_SANDBOX_H

/// `prctl(PR_SET_NO_NEW_PRIVS, 1)`: Glibc's Swift module does not export `prctl`, a variadic
/// function. Returns 0, or -1 with errno set.
int furet_forbid_new_privileges(void);

#endif
