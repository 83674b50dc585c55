#include "util/uri.h"

#include <string.h>
#include <strings.h>

int uri_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

int uri_encode(struct buf *out, const char *data, size_t len, bool encode_slash)
{
	static const char hex_upper[] = "0123456789ABCDEF";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		char escaped[3] = {'%', hex_upper[c >> 4], hex_upper[c & 15]};

		if (unreserved(c) || (c == '/' && !encode_slash)) {
			if (buf_append(out, (const char *)&c, 1) != 0)
				return -1;
		} else if (buf_append(out, escaped, 3) != 0) {
			return -1;
		}
	}
	return 0;
}

int uri_encode_segment(struct buf *out, const char *segment)
{
	size_t len = strlen(segment);

	if (len == 0)
		return -1;
	if (strspn(segment, ".") == len) {
		for (size_t i = 0; i < len; i++)
			if (buf_append(out, "%2E", 3) != 0)
				return -1;
		return 0;
	}
	return uri_encode(out, segment, len, true);
}

/* Where the authority starts: after "scheme://", or the whole text. */
static const char *authority_start(const char *url)
{
	const char *start = strstr(url, "://");

	return start != NULL ? start + 3 : url;
}

int uri_host(const char *url, bool *plain_http, char *host, size_t cap)
{
	const char *start, *end;
	size_t len;

	if (strncasecmp(url, "https://", 8) == 0)
		start = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		start = url + 7;
	else
		return -1;
	*plain_http = start == url + 7;
	len = strcspn(start, "/?#");
	if (memchr(start, '@', len) != NULL)
		return -1;
	if (*start == '[') {
		end = memchr(start, ']', len);
		if (end == NULL)
			return -1;
		start++;
	} else {
		end = start + strcspn(start, ":/?#");
	}
	len = (size_t)(end - start);
	if (len == 0 || len >= cap)
		return -1;
	memcpy(host, start, len);
	host[len] = '\0';
	return 0;
}

int uri_authority(const char *url, char *out, size_t cap)
{
	const char *start = authority_start(url);
	size_t len = strcspn(start, "/?#");

	if (len == 0 || len >= cap)
		return -1;
	memcpy(out, start, len);
	out[len] = '\0';
	return 0;
}

const char *uri_path(const char *url)
{
	const char *start = authority_start(url);

	return start + strcspn(start, "/?#");
}
