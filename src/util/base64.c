#include "util/base64.h"

#include <string.h>

static const char standard[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64_encode(struct buf *out, const void *data, size_t len, bool url_safe)
{
	const unsigned char *p = data;
	const char *alphabet = url_safe ? url : standard;

	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		size_t n = len - i < 3 ? len - i : 3;
		char quad[4];
		size_t emit = n + 1;

		if (n > 1)
			v |= (unsigned)p[i + 1] << 8;
		if (n > 2)
			v |= p[i + 2];
		quad[0] = alphabet[(v >> 18) & 63];
		quad[1] = alphabet[(v >> 12) & 63];
		quad[2] = alphabet[(v >> 6) & 63];
		quad[3] = alphabet[v & 63];
		if (!url_safe) {
			for (size_t k = emit; k < 4; k++)
				quad[k] = '=';
			emit = 4;
		}
		if (buf_append(out, quad, emit) != 0)
			return -1;
	}
	return 0;
}

static int value_of(char c)
{
	const char *hit;

	if (c == '\0')
		return -1;
	hit = strchr(standard, c);
	return hit != NULL ? (int)(hit - standard) : -1;
}

int base64_decode(struct buf *out, const char *text, size_t len)
{
	unsigned acc = 0;
	int bits = 0, pad = 0;

	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		int v;

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		if (c == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = value_of(c)) < 0)
			return -1;
		acc = (acc << 6) | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			unsigned char byte;

			bits -= 8;
			byte = (unsigned char)(acc >> bits);
			if (buf_append(out, &byte, 1) != 0)
				return -1;
		}
	}
	if (pad > 2 || bits >= 6)
		return -1;
	return 0;
}
