/* creds.c: times as AWS writes them, the refresh window, wiping. */
#include "aws/credentials.h"
#include "unit.h"

TEST(parses_aws_times)
{
	time_t t;

	CHECK(creds_parse_time("2026-11-24T03:42:33Z", &t) == 0 && t == 1795491753);
	CHECK(creds_parse_time("2026-11-24T03:42:33.123Z", &t) == 0 && t == 1795491753);
	CHECK(creds_parse_time("2026-11-24T03:42:33+00:00", &t) == 0 && t == 1795491753);
	CHECK(creds_parse_time("1970-01-01T00:00:00Z", &t) == 0 && t == 0);
}

TEST(rejects_malformed_times)
{
	static const char *const bad[] = {"",
					  "2026-11-24",
					  "2026-11-24T03:42Z",
					  "2026-13-24T03:42:33Z",
					  "2026-11-24T25:42:33Z",
					  "2026-11-24T03:42:33+02:00",
					  "2026-11-24T03:42:33Zjunk",
					  "20261124T034233Z",
					  "2026-11-24T03:42:33."};
	time_t t;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(creds_parse_time(bad[i], &t) != 0);
}

TEST(refresh_window)
{
	struct creds c;

	memset(&c, 0, sizeof(c));
	CHECK(!creds_need_refresh(&c, 1000)); /* static keys never expire */
	c.expiration = 1000 + CREDS_REFRESH_WINDOW + 1;
	CHECK(!creds_need_refresh(&c, 1000));
	c.expiration = 1000 + CREDS_REFRESH_WINDOW - 1;
	CHECK(creds_need_refresh(&c, 1000));
}

TEST(wipe_clears_everything)
{
	struct creds c;
	static const struct creds zero;

	memset(&c, 'x', sizeof(c));
	creds_wipe(&c);
	CHECK(memcmp(&c, &zero, sizeof(c)) == 0);
	creds_wipe(NULL);
}

int main(void)
{
	RUN(parses_aws_times);
	RUN(rejects_malformed_times);
	RUN(refresh_window);
	RUN(wipe_clears_everything);
	return unit_done("creds");
}
