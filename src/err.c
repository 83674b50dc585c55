#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int err_set(struct err *err, int exit_code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || err->exit_code != 0)
		return -1;
	err->exit_code = exit_code;
	va_start(ap, fmt);
	/* Truncation is acceptable for a message: it stays NUL-terminated. */
	(void)vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

int err_prefix(struct err *err, const char *fmt, ...)
{
	char prefix[256];
	char joined[sizeof(err->message)];
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	(void)vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	(void)snprintf(joined, sizeof(joined), "%s%s", prefix, err->message);
	memcpy(err->message, joined, sizeof(joined));
	return -1;
}

void err_clear(struct err *err)
{
	memset(err, 0, sizeof(*err));
}
