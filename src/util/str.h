/* str — fixed-size C string helpers that report truncation.
 *
 * Both always leave `out` NUL-terminated (when cap > 0) and return 0 when
 * everything fit, -1 when the result was cut or the arguments were bad.
 * Callers decide whether a cut is an error (names, URLs) or acceptable
 * (messages: then they ignore the result with a (void) cast).
 */
#ifndef EKS_STR_H
#define EKS_STR_H

#include <stddef.h>

#include "util/err.h"

int str_fmt(char *out, size_t cap, const char *fmt, ...) PRINTF_LIKE(3, 4);
int str_copy(char *out, size_t cap, const char *src);

#endif
