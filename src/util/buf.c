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

void buf_init_secure(struct buf *buf, size_t max)
{
	buf_init(buf, max);
	buf->secure = true;
}

int buf_init_secret(struct buf *buf, size_t max)
{
	buf_init_secure(buf, max);
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
	if (buf->max < (size_t)-1 && cap > buf->max + 1 && need <= buf->max + 1)
		cap = buf->max + 1; /* never more than the most it may hold */
	if (buf->secure) {
		/* aws-c-common's secure growth: a new block, the bytes copied,
		 * the old block wiped, then freed; realloc could leave a copy
		 * of the secret in freed memory. */
		grown = malloc(cap);
		if (grown == NULL)
			return -1;
		if (buf->data != NULL) {
			memcpy(grown, buf->data, buf->len + 1);
			explicit_bzero(buf->data, buf->cap);
			free(buf->data);
		}
	} else {
		grown = realloc(buf->data, cap);
		if (grown == NULL)
			return -1;
	}
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

int buf_vappendf(struct buf *buf, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0 || reserve(buf, (size_t)n) != 0) {
		va_end(again);
		return -1;
	}
	(void)vsnprintf(buf->data + buf->len, buf->cap - buf->len, fmt, again);
	va_end(again);
	buf->len += (size_t)n;
	return 0;
}

int buf_appendf(struct buf *buf, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vappendf(buf, fmt, ap);
	va_end(ap);
	return rc;
}

void buf_reset(struct buf *buf)
{
	if (buf->secure && buf->data != NULL)
		explicit_bzero(buf->data, buf->len);
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
	bool secure = buf->secure;

	if (secure && buf->data != NULL)
		explicit_bzero(buf->data, buf->cap);
	free(buf->data);
	memset(buf, 0, sizeof(*buf));
	buf->max = max;
	buf->secure = secure;
}

void buf_wipe(struct buf *buf)
{
	if (buf->data != NULL)
		explicit_bzero(buf->data, buf->cap);
	buf_free(buf);
}
