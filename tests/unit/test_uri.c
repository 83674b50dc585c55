/* Unit tests for util/uri.c: the one place URLs are taken apart, and
 * SigV4's percent-encoding. */
#include "util/uri.h"

#include "unit.h"

static const char *host(const char *url, bool *plain)
{
	static char out[256];

	return uri_host(url, plain, out, sizeof(out)) == 0 ? out : NULL;
}

TEST(host_of_http_and_https_urls)
{
	bool plain = true;

	CHECK_STR(host("https://eks.us-west-2.amazonaws.com", &plain),
		  "eks.us-west-2.amazonaws.com");
	CHECK(!plain);
	CHECK_STR(host("http://127.0.0.1:8080/base?x#y", &plain), "127.0.0.1");
	CHECK(plain);
	CHECK_STR(host("HTTP://[fd00:ec2::254]/latest", &plain), "fd00:ec2::254");
	CHECK_STR(host("https://h", &plain), "h");
}

TEST(host_refuses_user_info_other_schemes_and_no_host)
{
	bool plain;

	/* The host before an '@' is not the one a client connects to. */
	CHECK(host("http://127.0.0.1:1@remote.example/", &plain) == NULL);
	CHECK(host("https://user@host/", &plain) == NULL);
	CHECK(host("ftp://host/", &plain) == NULL);
	CHECK(host("https:///path", &plain) == NULL);
	CHECK(host("https://[::1/", &plain) == NULL);
	CHECK(host("host.example", &plain) == NULL);
}

TEST(authority_and_path)
{
	char out[64];

	CHECK(uri_authority("https://localhost:8443/base/x", out, sizeof(out)) == 0);
	CHECK_STR(out, "localhost:8443");
	CHECK_STR(uri_path("https://localhost:8443/base/x"), "/base/x");
	CHECK_STR(uri_path("https://localhost:8443"), "");
	CHECK(uri_authority("https:///x", out, sizeof(out)) == -1);
	CHECK(uri_authority("https://a-very-long-host-name.example.com", out, 8) == -1);
}

TEST(encode_keeps_only_unreserved)
{
	struct buf b;

	buf_init(&b, 256);
	CHECK(uri_encode(&b, "a-Z_0.~ /é", 11, true) == 0);
	CHECK_STR(buf_str(&b), "a-Z_0.~%20%2F%C3%A9");
	buf_reset(&b);
	CHECK(uri_encode(&b, "/clusters/my cluster", 20, false) == 0);
	CHECK_STR(buf_str(&b), "/clusters/my%20cluster");
	buf_free(&b);
	buf_init(&b, 4);
	CHECK(uri_encode(&b, "ab", 2, true) == 0);
	CHECK(uri_encode(&b, " ", 1, true) == -1); /* would pass the maximum */
	buf_free(&b);
}

/* Issue 13, item 4: a segment is one segment whatever it holds. */
TEST(encode_segment_never_changes_the_path)
{
	struct buf b;

	buf_init(&b, 256);
	CHECK(uri_encode_segment(&b, "..") == 0);
	CHECK_STR(buf_str(&b), "%2E%2E");
	buf_reset(&b);
	CHECK(uri_encode_segment(&b, ".") == 0);
	CHECK_STR(buf_str(&b), "%2E");
	buf_reset(&b);
	CHECK(uri_encode_segment(&b, "role?x=1/../a") == 0);
	CHECK_STR(buf_str(&b), "role%3Fx%3D1%2F..%2Fa");
	buf_reset(&b);
	CHECK(uri_encode_segment(&b, "v1.2..3") == 0);
	CHECK_STR(buf_str(&b), "v1.2..3");
	CHECK(uri_encode_segment(&b, "") == -1);
	buf_free(&b);
}

TEST(hex_digits)
{
	CHECK(uri_hex_digit('0') == 0);
	CHECK(uri_hex_digit('a') == 10 && uri_hex_digit('F') == 15);
	CHECK(uri_hex_digit('g') == -1 && uri_hex_digit('%') == -1);
}

int main(void)
{
	RUN(host_of_http_and_https_urls);
	RUN(host_refuses_user_info_other_schemes_and_no_host);
	RUN(authority_and_path);
	RUN(encode_keeps_only_unreserved);
	RUN(encode_segment_never_changes_the_path);
	RUN(hex_digits);
	return unit_done("uri");
}
