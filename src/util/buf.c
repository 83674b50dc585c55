#include "util/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_init(struct buf *buf, size_t max)
{
	memset(buf, 0, sizeof(*buf));
	buf->max = max;
}

int buf_init_secret(struct buf *buf, size_t max)
{
	buf_init(buf, max);
	if (max == (size_t)-1 || (buf->data = malloc(max + 1)) == NULL)
		return -1;
	buf->cap = max + 1;
	buf->data[0] = '\0';
	return 0;
}

static int reserve(struct buf *buf, size_t extra)
{
	size_t need, cap;
	char *grown;

	if (extra > buf->max || buf->len > buf->max - extra)
		return -1;
	need = buf->len + extra + 1;
	if (need <= buf->cap)
		return 0;
	cap = buf->cap ? buf->cap : 256;
	while (cap < need)
		cap = cap > (size_t)-1 / 2 ? need : cap * 2;
	grown = realloc(buf->data, cap);
	if (grown == NULL)
		return -1;
	buf->data = grown;
	buf->cap = cap;
	return 0;
}

int buf_append(struct buf *buf, const void *data, size_t len)
{
	if (reserve(buf, len) != 0)
		return -1;
	if (len > 0)
		memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
	return 0;
}

int buf_append_str(struct buf *buf, const char *str)
{
	return buf_append(buf, str, strlen(str));
}

int buf_appendf(struct buf *buf, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(buf, (size_t)n) != 0)
		return -1;
	va_start(ap, fmt);
	(void)vsnprintf(buf->data + buf->len, buf->cap - buf->len, fmt, ap);
	va_end(ap);
	buf->len += (size_t)n;
	return 0;
}

void buf_reset(struct buf *buf)
{
	buf->len = 0;
	if (buf->data != NULL)
		buf->data[0] = '\0';
}

const char *buf_str(const struct buf *buf)
{
	return buf->data != NULL ? buf->data : "";
}

void buf_free(struct buf *buf)
{
	size_t max = buf->max;

	free(buf->data);
	memset(buf, 0, sizeof(*buf));
	buf->max = max;
}

void buf_wipe(struct buf *buf)
{
	if (buf->data != NULL)
		explicit_bzero(buf->data, buf->cap);
	buf_free(buf);
}
