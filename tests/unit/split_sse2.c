/*
 * split_sse2.c - lib/split.c compiled again without its AVX2 path (the
 * SSE2 classifier every x86-64 has) and under other names, so that
 * tests/unit/check_split.c checks that path on a machine with AVX2 too.
 */
#define KAIGO_SPLIT_NO_AVX2 1
/* function-like, so that struct kaigo_split_plan keeps its name */
#define kaigo_split_plan(...) sse2_split_plan(__VA_ARGS__)
#define kaigo_split_plan_mem(...) sse2_split_plan_mem(__VA_ARGS__)
#define kaigo_split_prelude(...) sse2_split_prelude(__VA_ARGS__)
#define kaigo_split_postlude(...) sse2_split_postlude(__VA_ARGS__)
#include "../../lib/split.c"
