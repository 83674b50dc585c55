#include "unit.h"
#include "util/base64.h"

static struct buf out;

static const char *enc(const char *in, size_t len, bool url)
{
	buf_free(&out);
	buf_init(&out, 1024);
	if (base64_encode(&out, in, len, url) != 0)
		return "(error)";
	return buf_str(&out);
}

TEST(rfc4648_vectors)
{
	CHECK_STR(enc("", 0, false), "");
	CHECK_STR(enc("f", 1, false), "Zg==");
	CHECK_STR(enc("fo", 2, false), "Zm8=");
	CHECK_STR(enc("foo", 3, false), "Zm9v");
	CHECK_STR(enc("foob", 4, false), "Zm9vYg==");
	CHECK_STR(enc("fooba", 5, false), "Zm9vYmE=");
	CHECK_STR(enc("foobar", 6, false), "Zm9vYmFy");
}

TEST(url_safe_has_no_padding_or_plus_slash)
{
	CHECK_STR(enc("\xfb\xff\xbf", 3, false), "+/+/");
	CHECK_STR(enc("\xfb\xff\xbf", 3, true), "-_-_");
	CHECK_STR(enc("f", 1, true), "Zg");
	CHECK_STR(enc("fo", 2, true), "Zm8");
}

TEST(decode_round_trip_and_whitespace)
{
	struct buf dec;
	unsigned char all[256];

	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	buf_init(&dec, 4096);
	CHECK(base64_decode(&dec, "Zm9v\nYmFy", 9) == 0);
	CHECK_STR(buf_str(&dec), "foobar");
	buf_reset(&dec);
	CHECK(base64_decode(&dec, "Zg==", 4) == 0);
	CHECK_STR(buf_str(&dec), "f");
	{
		const char *e = enc((const char *)all, sizeof(all), false);
		buf_reset(&dec);
		CHECK(base64_decode(&dec, e, strlen(e)) == 0);
		CHECK(dec.len == 256 && memcmp(dec.data, all, 256) == 0);
	}
	buf_free(&dec);
}

TEST(decode_rejects_garbage)
{
	static const char *const bad[] = {"Zg=a", "Z", "Zm9v!", "Zg===", "-_-_"};
	struct buf dec;

	buf_init(&dec, 64);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		buf_reset(&dec);
		CHECK(base64_decode(&dec, bad[i], strlen(bad[i])) != 0);
	}
	buf_reset(&dec);
	CHECK(base64_decode(&dec, "Zm9vYmFy", 8) == 0);
	buf_free(&dec);
	buf_init(&dec, 3); /* the cap holds */
	CHECK(base64_decode(&dec, "Zm9vYmFy", 8) != 0);
	buf_free(&dec);
}

int main(void)
{
	RUN(rfc4648_vectors);
	RUN(url_safe_has_no_padding_or_plus_slash);
	RUN(decode_round_trip_and_whitespace);
	RUN(decode_rejects_garbage);
	buf_free(&out);
	return unit_done("base64");
}
