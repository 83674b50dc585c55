#include "util/err.h"

#include <signal.h>

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
	size_t plen, mlen, room = sizeof(err->message) - 1;
	va_list ap;
	int n;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	plen = strlen(prefix);
	mlen = strnlen(err->message, room);
	if (plen + mlen > room)
		mlen = room - plen; /* keep the prefix, cut the tail of the message */
	memmove(err->message + plen, err->message, mlen);
	memcpy(err->message, prefix, plen);
	err->message[plen + mlen] = '\0';
	return -1;
}

void err_clear(struct err *err)
{
	memset(err, 0, sizeof(*err));
}

int err_signal_exit_code(int sig)
{
	return sig == SIGTERM ? EXIT_SIGTERM : EXIT_SIGINT;
}
