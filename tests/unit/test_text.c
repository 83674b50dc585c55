/* Unit tests for util/text.c: untrusted text made safe to show (issue 13,
 * item 1), and the token check for header and URL values (item 3). */
#include "util/text.h"

#include <stdlib.h>

#include "unit.h"

static const char *escaped(const char *in)
{
	static char out[512];
	struct buf b;

	buf_init(&b, sizeof(out) - 1);
	if (text_escape(&b, in, strlen(in)) != 0)
		(void)snprintf(out, sizeof(out), "(too long)");
	else
		(void)snprintf(out, sizeof(out), "%s", buf_str(&b));
	buf_free(&b);
	return out;
}

TEST(plain_text_is_kept)
{
	CHECK_STR(escaped("ng-general: 1.31 (eks.12) café → 😀"),
		  "ng-general: 1.31 (eks.12) café → 😀");
	CHECK_STR(escaped(""), "");
}

TEST(line_breaks_are_folded)
{
	CHECK_STR(escaped("a\nb\r\nc\rd\te\vf\fg"), "a b c d e f g");
	CHECK_STR(escaped("x\n::add-mask::secret"), "x ::add-mask::secret");
}

TEST(controls_are_shown)
{
	CHECK_STR(escaped("\x1b]0;title\x07\x1b[31mred\x7f"),
		  "\\x1b]0;title\\x07\\x1b[31mred\\x7f");
	CHECK_STR(escaped("c1 \xc2\x9b"
			  "31m"),
		  "c1 \\u009b31m");
	CHECK_STR(escaped("bidi \xe2\x80\xae"
			  "evil \xe2\x81\xa6"),
		  "bidi \\u202eevil \\u2066");
	CHECK_STR(escaped("bad \xff\xc0\xaf utf8"), "bad \\xff\\xc0\\xaf utf8");
	CHECK_STR(escaped("cut \xe2\x82"), "cut \\xe2\\x82");
}

TEST(legacy_workflow_commands_are_broken)
{
	CHECK_STR(escaped("x ##[add-mask]y"), "x #\\x23[add-mask]y");
	CHECK_STR(escaped("###[z"), "##\\x23[z");
	CHECK_STR(escaped("## [ok] #[ok]"), "## [ok] #[ok]");
}

TEST(fixed_array_is_cut_between_pieces)
{
	char out[8];

	CHECK(text_escape_to(out, sizeof(out),
			     "abc\x1b"
			     "def") == -1);
	CHECK_STR(out, "abc\\x1b");
	CHECK(text_escape_to(out, sizeof(out), "ab\xe2\x86\x92xyz") == -1);
	CHECK_STR(out, "ab\xe2\x86\x92xy");
	CHECK(text_escape_to(out, sizeof(out), "\xc2\x9b") == 0);
	CHECK_STR(out, "\\u009b");
}

TEST(tokens)
{
	CHECK(text_is_token("FwoGZXIvYXdz/+=", 15, false));
	CHECK(!text_is_token("a b", 3, false));
	CHECK(text_is_token("Bearer a", 8, true));
	CHECK(!text_is_token("a\r\nX: y", 7, true));
	CHECK(!text_is_token("a\tb", 3, true));
	CHECK(!text_is_token("caf\xc3\xa9", 5, true));
	CHECK(!text_is_token("a\x7f", 2, true));
}

int main(void)
{
	RUN(plain_text_is_kept);
	RUN(line_breaks_are_folded);
	RUN(controls_are_shown);
	RUN(legacy_workflow_commands_are_broken);
	RUN(fixed_array_is_cut_between_pieces);
	RUN(tokens);
	return unit_done("text");
}
