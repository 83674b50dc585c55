/* Unit tests for upgrade/skew.c: EKS's kubelet skew rule (SPEC §4). */
#include "upgrade/skew.h"

#include "unit.h"

static struct k8s_version v(int major, int minor)
{
	struct k8s_version out = {major, minor};

	return out;
}

TEST(three_behind_from_1_25)
{
	CHECK(skew_allowed(v(1, 30), v(1, 30)));
	CHECK(skew_allowed(v(1, 30), v(1, 33)));
	CHECK(!skew_allowed(v(1, 30), v(1, 34)));
	CHECK(skew_allowed(v(1, 25), v(1, 28)));
	CHECK(!skew_allowed(v(1, 25), v(1, 29)));
	CHECK(skew_max_behind(v(1, 25)) == 3);
}

TEST(two_behind_up_to_1_24)
{
	CHECK(skew_allowed(v(1, 24), v(1, 26)));
	CHECK(!skew_allowed(v(1, 24), v(1, 27)));
	CHECK(!skew_allowed(v(1, 23), v(1, 26)));
	CHECK(skew_max_behind(v(1, 24)) == 2);
}

TEST(never_newer_than_the_control_plane)
{
	CHECK(!skew_allowed(v(1, 32), v(1, 31)));
	CHECK(!skew_allowed(v(2, 0), v(1, 33)));
	CHECK(!skew_allowed(v(1, 33), v(2, 0)));
}

TEST(limit)
{
	CHECK(skew_limit(v(1, 30)).minor == 33);
	CHECK(skew_limit(v(1, 24)).minor == 26);
}

int main(void)
{
	RUN(three_behind_from_1_25);
	RUN(two_behind_up_to_1_24);
	RUN(never_newer_than_the_control_plane);
	RUN(limit);
	return unit_done("skew");
}
