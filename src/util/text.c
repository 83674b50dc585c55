#include "util/text.h"

#include <string.h>

#include "util/utf8.h"

static const char hex_lower[] = "0123456789abcdef";

static bool bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* What to show for the text at s[i..len): writes it into piece (at most
 * 7 bytes, NUL-terminated) and returns how many input bytes it stands for. */
static size_t next_piece(const char *s, size_t len, size_t i, char piece[8])
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char c = u[i];
	uint32_t cp = 0;
	size_t n;

	if (c == '\r' || c == '\n' || c == '\t' || c == '\v' || c == '\f') {
		piece[0] = ' ';
		piece[1] = '\0';
		return c == '\r' && i + 1 < len && u[i + 1] == '\n' ? 2 : 1;
	}
	if (c == '#' && i >= 1 && u[i - 1] == '#' && i + 1 < len && u[i + 1] == '[') {
		memcpy(piece, "\\x23", 5);
		return 1;
	}
	n = utf8_decode(u + i, len - i, &cp);
	if (n == 0 || cp < 0x20 || cp == 0x7f) {
		/* A control byte or a byte that is no UTF-8: its hex value. */
		piece[0] = '\\';
		piece[1] = 'x';
		piece[2] = hex_lower[c >> 4];
		piece[3] = hex_lower[c & 15];
		piece[4] = '\0';
		return 1;
	}
	if ((cp >= 0x80 && cp <= 0x9f) || bidi_control(cp)) {
		piece[0] = '\\';
		piece[1] = 'u';
		piece[2] = hex_lower[(cp >> 12) & 15];
		piece[3] = hex_lower[(cp >> 8) & 15];
		piece[4] = hex_lower[(cp >> 4) & 15];
		piece[5] = hex_lower[cp & 15];
		piece[6] = '\0';
		return n;
	}
	memcpy(piece, s + i, n);
	piece[n] = '\0';
	return n;
}

int text_escape(struct buf *out, const char *in, size_t len)
{
	size_t i = 0;

	while (i < len) {
		char piece[8];
		size_t used = next_piece(in, len, i, piece);

		if (buf_append_str(out, piece) != 0)
			return -1;
		i += used;
	}
	return 0;
}

int text_escape_to(char *out, size_t cap, const char *in)
{
	size_t i = 0, o = 0, len = strlen(in);

	if (cap == 0)
		return -1;
	while (i < len) {
		char piece[8];
		size_t used = next_piece(in, len, i, piece), n = strlen(piece);

		if (o + n >= cap) {
			out[o] = '\0';
			return -1;
		}
		memcpy(out + o, piece, n);
		o += n;
		i += used;
	}
	out[o] = '\0';
	return 0;
}

int text_fputs(FILE *f, const char *in)
{
	size_t i = 0, len = strlen(in);

	while (i < len) {
		char piece[8];
		size_t used = next_piece(in, len, i, piece);

		if (fputs(piece, f) == EOF)
			return -1;
		i += used;
	}
	return 0;
}

bool text_is_token(const char *in, size_t len, bool allow_space)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)in[i];

		if (!(c > 0x20 && c < 0x7f) && !(allow_space && c == ' '))
			return false;
	}
	return true;
}
