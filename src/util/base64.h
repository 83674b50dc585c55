/* base64 — RFC 4648 encoding (standard and URL-safe) and decoding, into a
 * caller's bounded struct buf. */
#ifndef EKS_BASE64_H
#define EKS_BASE64_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

/* url_safe: '-' and '_' instead of '+' and '/', and no '=' padding. */
int base64_encode(struct buf *out, const void *data, size_t len, bool url_safe) MUST_CHECK;

/* Standard alphabet; padding optional; whitespace ignored. -1 on any other
 * character or a bad length. */
int base64_decode(struct buf *out, const char *text, size_t len) MUST_CHECK;

#endif
