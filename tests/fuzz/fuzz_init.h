/*
 * fuzz_init.h -- the LLVMFuzzerInitialize every harness shares: the
 * program's log goes quiet (a fuzzer calls a reader millions of times, and
 * its warnings would bury libFuzzer's own lines), then the harness's own
 * set-up, if any:
 *
 *     FUZZ_INITIALIZE(layer_init())      or      FUZZ_INITIALIZE((void)0)
 *
 * Also declares LLVMFuzzerTestOneInput, which the harness defines.
 */
#ifndef CUNLU_FUZZ_INIT_H
#define CUNLU_FUZZ_INIT_H

#include <stddef.h>
#include <stdint.h>

#include "cunlu/log.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_INITIALIZE(setup)                                  \
	int LLVMFuzzerInitialize(int *argc, char ***argv)       \
	{                                                       \
		(void)argc;                                     \
		(void)argv;                                     \
		cl_log_set_level(CL_LOG_QUIET);                 \
		setup;                                          \
		return 0;                                       \
	}

#endif
