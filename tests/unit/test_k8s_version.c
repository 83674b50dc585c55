#include "unit.h"
#include "util/k8s_version.h"

TEST(parses_plain_and_v_prefixed)
{
	struct k8s_version v;

	CHECK(k8s_version_parse("1.32", &v) == 0 && v.major == 1 && v.minor == 32);
	CHECK(k8s_version_parse("v1.9", &v) == 0 && v.major == 1 && v.minor == 9);
	CHECK(k8s_version_parse("1.0", &v) == 0 && v.minor == 0);
}

TEST(rejects_everything_else)
{
	static const char *const bad[] = {
	    "",	    "1",    "1.",   ".1",   "1.32.0", "v",     "V1.32",	 "01.32",  "1.032", "1.-1",
	    "+1.2", "1.2x", " 1.2", "1.2 ", "0.5",    "100.1", "1.1000", "latest", "1..2"};
	struct k8s_version v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (k8s_version_parse(bad[i], &v) == 0)
			fprintf(stderr, "accepted \"%s\"\n", bad[i]);
		CHECK(k8s_version_parse(bad[i], &v) != 0);
	}
	CHECK(k8s_version_parse(NULL, &v) != 0);
}

TEST(compares_numerically)
{
	struct k8s_version a = {1, 9}, b = {1, 10}, c = {2, 0};

	CHECK(k8s_version_cmp(a, b) < 0);
	CHECK(k8s_version_cmp(b, a) > 0);
	CHECK(k8s_version_cmp(b, b) == 0);
	CHECK(k8s_version_cmp(b, c) < 0);
	CHECK(k8s_version_steps(a, b) == 1);
	CHECK(k8s_version_steps(b, a) == -1);
	CHECK(k8s_version_steps(b, c) >= 100);
}

TEST(formats)
{
	char out[16];
	struct k8s_version v = {1, 33};

	k8s_version_format(v, out, sizeof(out));
	CHECK_STR(out, "1.33");
	k8s_version_format(v, out, 3);
	CHECK_STR(out, "");
}

int main(void)
{
	RUN(parses_plain_and_v_prefixed);
	RUN(rejects_everything_else);
	RUN(compares_numerically);
	RUN(formats);
	return unit_done("k8s_version");
}
