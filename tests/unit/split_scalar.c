/*
 * split_scalar.c - lib/split.c compiled again without SSE2 (its portable
 * byte-loop block classifier, what non-x86 builds run) and under other
 * names, so that tests/unit/check_split.c checks that path on x86-64 too
 * (split_sse2.c does the same for the SSE2 path).
 */
#define KAIGO_SPLIT_SCALAR 1
/* function-like, so that struct kaigo_split_plan keeps its name */
#define kaigo_split_plan(...) scalar_split_plan(__VA_ARGS__)
#define kaigo_split_plan_mem(...) scalar_split_plan_mem(__VA_ARGS__)
#define kaigo_split_prelude(...) scalar_split_prelude(__VA_ARGS__)
#define kaigo_split_postlude(...) scalar_split_postlude(__VA_ARGS__)
#include "../../lib/split.c"
