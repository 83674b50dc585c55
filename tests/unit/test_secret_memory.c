/* Issue 13, item 11: no secret outlives a realloc or a free.
 *
 * This program replaces malloc, calloc, realloc and free (glibc allows it;
 * they forward to __libc_*), so every block given back, by a free or by a
 * realloc that moves, is scanned for the secret being watched before it is
 * released. A buffer that grew by realloc left a copy of the session token
 * in freed memory; a secure buffer (util/buf.h) wipes every old block.
 *
 * The scan needs the real allocator: under ASan (which replaces it too)
 * the program only says it skipped. */
#include <malloc.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aws/sigv4.h"
#include "unit.h"
#include "util/buf.h"
#include "util/ini.h"

#if defined(__SANITIZE_ADDRESS__)
#define SPY 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SPY 0
#endif
#endif
#ifndef SPY
#define SPY 1
#endif

#if SPY
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);

static const char *watched; /* the secret, or NULL */
static size_t watched_len;
static int leaks; /* blocks released still holding it */

static void scan(void *p)
{
	size_t size;

	if (p == NULL || watched == NULL)
		return;
	size = malloc_usable_size(p);
	for (size_t i = 0; size >= watched_len && i <= size - watched_len; i++) {
		if (memcmp((const char *)p + i, watched, watched_len) == 0) {
			leaks++;
			return;
		}
	}
}

void *malloc(size_t size)
{
	return __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return __libc_calloc(n, size);
}

void free(void *p)
{
	scan(p);
	__libc_free(p);
}

/* Always moves, as realloc may: what the old block held is then free
 * memory, so it is scanned as a free. */
void *realloc(void *p, size_t size)
{
	void *fresh;
	size_t old;

	if (p == NULL)
		return __libc_malloc(size);
	if (size == 0) {
		free(p);
		return NULL;
	}
	fresh = __libc_malloc(size);
	if (fresh == NULL)
		return NULL;
	old = malloc_usable_size(p);
	memcpy(fresh, p, old < size ? old : size);
	free(p);
	return fresh;
}
#endif

static void watch(const char *secret)
{
#if SPY
	watched = secret;
	watched_len = secret != NULL ? strlen(secret) : 0;
	leaks = 0;
#else
	(void)secret;
#endif
}

static int leaked(void)
{
#if SPY
	int n = leaks;

	watched = NULL;
	return n;
#else
	return 0;
#endif
}

/* A session token of `len` characters (long enough to make buffers grow). */
static char *make_token(size_t len)
{
	char *t = malloc(len + 1);

	for (size_t i = 0; i < len; i++)
		t[i] = (char)('A' + (i * 7 + 3) % 26);
	t[len] = '\0';
	return t;
}

TEST(secure_buf_growth_wipes_old_blocks)
{
	char *secret = make_token(3000);
	struct buf b;

	watch(secret);
	buf_init_secure(&b, 1 << 20);
	for (size_t i = 0; i < 20; i++)
		CHECK(buf_append_str(&b, secret) == 0); /* grows many times */
	buf_free(&b);					/* a secure buf is wiped too */
	CHECK(leaked() == 0);
	free(secret);
}

TEST(signing_leaves_no_token_behind)
{
	char *token = make_token(3000);
	struct sigv4_credentials creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
					  token};
	struct sigv4_header headers[] = {{"Host", "eks.us-west-2.amazonaws.com"}};
	struct sigv4_context ctx = {
	    .credentials = &creds, .region = "us-west-2", .service = "eks", .time = 1700000000};
	struct sigv4_request req = {.method = "GET",
				    .path = "/clusters/demo",
				    .headers = headers,
				    .header_count = 1,
				    .payload = "",
				    .payload_len = 0};
	struct sigv4_output out;
	struct buf authorization, query;
	struct err err;

	err_clear(&err);
	buf_init_secure(&authorization, 4096);
	buf_init_secure(&query, 64 * 1024);
	watch(token);
	memset(&out, 0, sizeof(out));
	CHECK(sigv4_sign_headers(&req, &ctx, &out, &authorization, &err) == 0);
	/* The presigned URL (token): the query grows while it is built. */
	CHECK(sigv4_presign(&req, &ctx, 60, &out, &query, &err) == 0);
	CHECK(strstr(buf_str(&query), "X-Amz-Security-Token=") != NULL);
	buf_free(&query);
	buf_free(&authorization);
	explicit_bzero(&out, sizeof(out));
	CHECK(leaked() == 0);
	free(token);
}

TEST(config_text_leaves_no_key_behind)
{
	char *secret = make_token(200);
	struct buf text;
	struct ini_file ini;
	struct err err;

	buf_init(&text, 1 << 20);
	for (int i = 0; i < 200; i++)
		CHECK(buf_appendf(&text, "[profile p%d]\naws_secret_access_key = %s\n", i,
				  secret) == 0);
	watch(secret);
	err_clear(&err);
	CHECK(ini_load_mem(&ini, buf_str(&text), text.len, "credentials", &err) == 0);
	ini_free(&ini);
	CHECK(leaked() == 0);
	watch(NULL);
	buf_wipe(&text);
	free(secret);
}

int main(void)
{
	if (!SPY) {
		printf("secret_memory: skipped: the allocator is ASan's, not glibc's\n");
		printf("secret_memory: 0 passed, 0 failed, 1 skipped\n");
		return 0;
	}
	RUN(secure_buf_growth_wipes_old_blocks);
	RUN(signing_leaves_no_token_behind);
	RUN(config_text_leaves_no_key_behind);
	return unit_done("secret_memory");
}
