/* Unit tests for duration.c: --timeout and --poll-interval values. */
#include "util/duration.h"

#include "unit.h"

static int64_t parse(const char *text)
{
	int64_t ms = -42;

	return duration_parse_ms(text, &ms) == 0 ? ms : -1;
}

TEST(accepts_units_and_combinations)
{
	CHECK(parse("500ms") == 500);
	CHECK(parse("30s") == 30000);
	CHECK(parse("10m") == 600000);
	CHECK(parse("1h") == 3600000);
	CHECK(parse("1h30m") == 5400000);
	CHECK(parse("30m1h") == 5400000);
	CHECK(parse("1.5s") == 1500);
	CHECK(parse("0s") == 0);
	/* Days: SPEC §10 writes --rollback-timeout's bound as 7d. */
	CHECK(parse("7d") == 7LL * 86400000);
	CHECK(parse("1d12h") == 36LL * 3600000);
	CHECK(parse("7d1s") == -1);
	CHECK(parse("8d") == -1);
}

TEST(bare_number_is_seconds)
{
	CHECK(parse("90") == 90000);
	CHECK(parse("1.5") == 1500);
	CHECK(parse("0") == 0);
}

/* Found by tests/fuzz/fuzz_values: after a unit that added nothing
 * ("0m"), a trailing bare number was read as seconds, so "0m30" meant 30s
 * while "1m30" was refused. A unitless number must be the whole text. */
TEST(bare_number_only_as_the_whole_text)
{
	CHECK(parse("0m30") == -1);
	CHECK(parse("0s5") == -1);
	CHECK(parse("0m0") == -1);
	CHECK(parse("1m30") == -1);
	CHECK(parse("30s10") == -1);
}

TEST(rejects_junk_and_limits)
{
	CHECK(parse("") == -1);
	CHECK(parse(NULL) == -1);
	CHECK(parse("s") == -1);
	CHECK(parse("-1s") == -1);
	CHECK(parse("1.s") == -1);
	CHECK(parse("1x") == -1);
	CHECK(parse("168h") == DURATION_MAX_MS);
	CHECK(parse("169h") == -1);
	CHECK(parse("99999999999999999999s") == -1);
}

TEST(format)
{
	char out[32];

	duration_format(500, out, sizeof(out));
	CHECK_STR(out, "500ms");
	duration_format(65 * 60000, out, sizeof(out));
	CHECK_STR(out, "1h5m");
	duration_format(20000, out, sizeof(out));
	CHECK_STR(out, "20s");
}

int main(void)
{
	RUN(accepts_units_and_combinations);
	RUN(bare_number_is_seconds);
	RUN(bare_number_only_as_the_whole_text);
	RUN(rejects_junk_and_limits);
	RUN(format);
	return unit_done("duration");
}
