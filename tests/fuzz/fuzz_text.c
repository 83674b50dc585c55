/* fuzz_text — what stands between untrusted text and a terminal, a CI log
 * or a request path: text_escape (util/text.h) and uri_encode_segment
 * (util/uri.h). Promises checked: the escaped text is valid UTF-8 with no
 * control byte, no C1 control, no bidi override, no line break and no
 * "##["; what fits in a fixed array is a prefix of the whole; an encoded
 * segment is only unreserved characters and %XX, never "." or "..", and
 * decodes back to the input. */
#include "fuzz.h"
#include "util/text.h"
#include "util/uri.h"
#include "util/utf8.h"

static void check_escaped(const char *s, size_t len)
{
	size_t i = 0;

	FUZZ_ASSERT(strstr(s, "##[") == NULL);
	while (i < len) {
		uint32_t cp = 0;
		size_t n = utf8_decode((const unsigned char *)s + i, len - i, &cp);

		FUZZ_ASSERT(n > 0);
		FUZZ_ASSERT(cp >= 0x20 && cp != 0x7f && !(cp >= 0x80 && cp <= 0x9f));
		FUZZ_ASSERT(!(cp >= 0x202a && cp <= 0x202e) && !(cp >= 0x2066 && cp <= 0x2069));
		i += n;
	}
}

static void check_text(const char *data, size_t size, const char *cstring)
{
	struct buf b;
	char small[40];

	buf_init(&b, 8 * size + 16);
	FUZZ_ASSERT(text_escape(&b, data, size) == 0);
	check_escaped(buf_str(&b), b.len);
	buf_free(&b);

	/* The fixed-array form: a prefix of the whole, never a cut escape. */
	buf_init(&b, 8 * size + 16);
	FUZZ_ASSERT(text_escape(&b, cstring, strlen(cstring)) == 0);
	(void)text_escape_to(small, sizeof(small), cstring);
	FUZZ_ASSERT(fuzz_terminated(small, sizeof(small)));
	FUZZ_ASSERT(strncmp(buf_str(&b), small, strlen(small)) == 0);
	check_escaped(small, strlen(small));
	buf_free(&b);
}

static void check_segment(const char *cstring)
{
	struct buf b;
	size_t o = 0, len;
	const char *e;

	buf_init(&b, 3 * strlen(cstring) + 16);
	if (uri_encode_segment(&b, cstring) != 0) {
		FUZZ_ASSERT(cstring[0] == '\0');
		buf_free(&b);
		return;
	}
	e = buf_str(&b);
	len = b.len;
	FUZZ_ASSERT(strcmp(e, ".") != 0 && strcmp(e, "..") != 0);
	for (size_t i = 0; i < len; i++) {
		char c = e[i];

		if (c == '%') {
			int hi, lo;

			FUZZ_ASSERT(i + 2 < len);
			hi = uri_hex_digit(e[i + 1]);
			lo = uri_hex_digit(e[i + 2]);
			FUZZ_ASSERT(hi >= 0 && lo >= 0);
			FUZZ_ASSERT((char)(hi * 16 + lo) == cstring[o]);
			i += 2;
		} else {
			FUZZ_ASSERT((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
				    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
				    c == '~');
			FUZZ_ASSERT(c == cstring[o]);
		}
		o++;
	}
	FUZZ_ASSERT(cstring[o] == '\0');
	buf_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = fuzz_copy(data, size);
	char *cstring = fuzz_cstring(data, size);

	check_text(copy, size, cstring);
	check_segment(cstring);
	free(copy);
	free(cstring);
	return 0;
}
