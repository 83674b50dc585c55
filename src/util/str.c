#include "util/str.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int str_fmt(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (cap == 0)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	if (n < 0) {
		out[0] = '\0';
		return -1;
	}
	return (size_t)n < cap ? 0 : -1;
}

int str_copy(char *out, size_t cap, const char *src)
{
	size_t len;

	if (cap == 0 || src == NULL)
		return -1;
	len = strnlen(src, cap);
	if (len == cap) {
		memcpy(out, src, cap - 1);
		out[cap - 1] = '\0';
		return -1;
	}
	memcpy(out, src, len + 1);
	return 0;
}
