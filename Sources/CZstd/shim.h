/* The magicless frame format of a short stored body is among zstd's experimental
   parameters: parameters of its stable functions, declared only with this macro, and named
   by macros Swift does not import, hence the constants. */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>
#include <zdict.h>

static const ZSTD_cParameter furet_zstd_c_format = ZSTD_c_format;
static const ZSTD_dParameter furet_zstd_d_format = ZSTD_d_format;
