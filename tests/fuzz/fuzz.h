/* fuzz.h — what the libFuzzer targets in tests/fuzz/ share.
 *
 * Each fuzz_X.c defines LLVMFuzzerTestOneInput for one parser (or one
 * family of small ones) and checks, besides "no crash, no leak, no UB",
 * whatever the parser promises: outputs NUL-terminated and within their
 * caps, round trips that come back equal. A broken promise is reported
 * with FUZZ_ASSERT, which aborts so libFuzzer keeps the input.
 */
#ifndef EKS_FUZZ_H
#define EKS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* A NUL-terminated heap copy of data[0..size) (the parsers that take C
 * strings see exactly the bytes up to the first NUL, as from a command
 * line or a file read with creds_read_secret_file). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* An exact-size heap copy, so ASan sees any read past the end. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);

	if (s == NULL)
		abort();
	if (size)
		memcpy(s, data, size);
	return s;
}

/* True when out[0..cap) holds a NUL: every string a parser hands back. */
static inline int fuzz_terminated(const char *out, size_t cap)
{
	return memchr(out, '\0', cap) != NULL;
}

#endif
