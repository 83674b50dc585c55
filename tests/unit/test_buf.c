/* buf (bounded growable buffer) and str (fixed buffers with truncation). */
#include "unit.h"
#include "util/buf.h"
#include "util/str.h"

TEST(append_grows_and_stays_terminated)
{
	struct buf b;

	buf_init(&b, 1 << 20);
	CHECK_STR(buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		CHECK(buf_append(&b, "abc", 3) == 0);
	CHECK(b.len == 3000);
	CHECK(b.data[3000] == '\0');
	CHECK(buf_appendf(&b, "-%d-%s", 42, "x") == 0);
	CHECK(strcmp(b.data + 3000, "-42-x") == 0);
	buf_reset(&b);
	CHECK(b.len == 0 && strcmp(buf_str(&b), "") == 0);
	buf_free(&b);
	buf_free(&b); /* twice is safe */
	CHECK(b.data == NULL && b.max == (1 << 20));
}

TEST(secret_buffers_never_move)
{
	struct buf b;
	char *first;

	CHECK(buf_init_secret(&b, 64) == 0);
	first = b.data;
	CHECK(b.cap == 65 && b.max == 64 && b.len == 0 && strcmp(buf_str(&b), "") == 0);
	for (int i = 0; i < 16; i++)
		CHECK(buf_append(&b, "abcd", 4) == 0);
	CHECK(b.data == first); /* filled to max without a realloc */
	CHECK(buf_append(&b, "x", 1) != 0);
	CHECK(b.len == 64 && b.data[64] == '\0');
	buf_wipe(&b);
	CHECK(b.data == NULL && b.max == 64);
	CHECK(buf_init_secret(&b, (size_t)-1) != 0 && b.data == NULL);
}

TEST(the_cap_holds)
{
	struct buf b;

	buf_init(&b, 10);
	CHECK(buf_append_str(&b, "0123456789") == 0);
	CHECK(buf_append(&b, "x", 1) != 0);
	CHECK(b.len == 10);
	CHECK(buf_appendf(&b, "%s", "y") != 0);
	CHECK_STR(buf_str(&b), "0123456789");
	CHECK(buf_append(&b, "", 0) == 0);
	CHECK(buf_append(&b, "x", (size_t)-1) != 0); /* no overflow on huge lengths */
	buf_wipe(&b);
	CHECK(b.data == NULL);
}

TEST(str_fmt_and_copy_report_truncation)
{
	char small[5];

	CHECK(str_fmt(small, sizeof(small), "%s", "abcd") == 0);
	CHECK_STR(small, "abcd");
	CHECK(str_fmt(small, sizeof(small), "%d", 123456) != 0);
	CHECK_STR(small, "1234");
	CHECK(str_copy(small, sizeof(small), "wxyz") == 0);
	CHECK(str_copy(small, sizeof(small), "vwxyz") != 0);
	CHECK_STR(small, "vwxy");
	CHECK(str_copy(small, 0, "a") != 0);
	CHECK(str_copy(small, sizeof(small), NULL) != 0);
}

TEST(err_keeps_the_first_failure)
{
	struct err e;

	err_clear(&e);
	CHECK(err_set(&e, EXIT_USAGE, "first %d", 1) == -1);
	CHECK(err_set(&e, EXIT_RUNTIME, "second") == -1);
	CHECK(e.exit_code == EXIT_USAGE);
	CHECK_STR(e.message, "first 1");
	CHECK(err_prefix(&e, "ctx %s: ", "a") == -1);
	CHECK_STR(e.message, "ctx a: first 1");
}

int main(void)
{
	RUN(append_grows_and_stays_terminated);
	RUN(secret_buffers_never_move);
	RUN(the_cap_holds);
	RUN(str_fmt_and_copy_report_truncation);
	RUN(err_keeps_the_first_failure);
	return unit_done("buf");
}
