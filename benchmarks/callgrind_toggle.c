/* Lets the benchmark count instructions for one stretch of Python code under callgrind:
   cg_start() zeroes the counts and switches counting on, cg_stop() switches it off and
   writes the counts. Compiled by benchmarks/run.py into a temporary folder. */
#include <valgrind/callgrind.h>

void cg_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void cg_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT("measured"); }
