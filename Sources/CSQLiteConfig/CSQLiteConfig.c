#include "CSQLiteConfig.h"
#include <sqlite3.h>

int furet_sqlite_disable_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
