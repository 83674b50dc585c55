/* buf — a growable byte buffer with a hard maximum size.
 *
 * Everything that grows with untrusted input (response bodies, headers,
 * files) goes through a buf whose `max` is set at init; appends past it fail
 * instead of growing. The data is always NUL-terminated so it can be read as
 * a C string. The owner calls buf_free (or buf_wipe for secrets); both are
 * safe on a zeroed or already freed buf.
 */
#ifndef EKS_BUF_H
#define EKS_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct buf {
	char *data;  /* NUL-terminated when non-NULL */
	size_t len;  /* bytes used, not counting the NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* the most len may ever reach */
	bool secure; /* may hold a secret: every block is wiped before it is freed */
};

void buf_init(struct buf *buf, size_t max);

/* For a buffer that may come to hold a secret (a canonical request with
 * the session token, a presigned URL, a response with credentials): it
 * grows the way aws-c-common's aws_byte_buf_append_dynamic_secure does (a
 * new block, the bytes copied, the old block wiped and freed, never
 * realloc), and buf_free wipes it too. */
void buf_init_secure(struct buf *buf, size_t max);

/* buf_init_secure with all max + 1 bytes allocated at once, for a small
 * secret read in pieces (release it with buf_wipe). -1 when out of memory
 * (the buf is then empty, still with its max). */
int buf_init_secret(struct buf *buf, size_t max) MUST_CHECK;

/* -1 when the result would exceed max or memory runs out. */
int buf_append(struct buf *buf, const void *data, size_t len) MUST_CHECK;
int buf_append_str(struct buf *buf, const char *str) MUST_CHECK;
int buf_appendf(struct buf *buf, const char *fmt, ...) PRINTF_LIKE(2, 3) MUST_CHECK;
int buf_vappendf(struct buf *buf, const char *fmt, va_list ap) PRINTF_LIKE(2, 0) MUST_CHECK;

/* Empties the buffer, keeping its memory and max (a secure one is wiped). */
void buf_reset(struct buf *buf);

/* A C string view: "" for an empty buffer, never NULL. */
const char *buf_str(const struct buf *buf);

void buf_free(struct buf *buf);
/* Zeroes the whole allocation before freeing it: for secrets. */
void buf_wipe(struct buf *buf);

#endif
