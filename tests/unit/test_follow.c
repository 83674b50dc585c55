/* Unit tests for upgrade/follow.c: the wait between polls. */
#include "upgrade/follow.h"

#include "unit.h"

TEST(jitter_stays_within_twenty_percent)
{
	int64_t lo = 1 << 30, hi = 0;

	for (uint32_t r = 0; r < 20000; r += 7) {
		int64_t w = follow_next_wait_ms(20000, r * 2654435761u, 0, 1000000);

		lo = w < lo ? w : lo;
		hi = w > hi ? w : hi;
	}
	CHECK(lo >= 16000);
	CHECK(hi <= 24000);
	CHECK(lo < 16500 && hi > 23500); /* and it does spread */
	CHECK(follow_next_wait_ms(20000, 0, 0, 1000000) == 16000);
	CHECK(follow_next_wait_ms(20000, 8000, 0, 1000000) == 24000);
}

TEST(never_sleeps_past_the_deadline)
{
	CHECK(follow_next_wait_ms(20000, 12345, 1000, 1500) == 500);
	CHECK(follow_next_wait_ms(20000, 12345, 1500, 1500) == 0);
	CHECK(follow_next_wait_ms(20000, 12345, 9000, 1500) == 0);
}

TEST(tiny_intervals_have_no_jitter)
{
	CHECK(follow_next_wait_ms(4, 99, 0, 1000) == 4); /* spread 0 */
	CHECK(follow_next_wait_ms(100, 0, 0, 1000) == 80);
}

TEST(only_the_three_final_statuses_end_an_update)
{
	CHECK(follow_update_ended("Successful"));
	CHECK(follow_update_ended("Failed"));
	CHECK(follow_update_ended("Cancelled"));
	CHECK(!follow_update_ended("InProgress"));
	CHECK(!follow_update_ended("Cancelling")); /* not in the model: still running */
	CHECK(!follow_update_ended(""));
}

int main(void)
{
	RUN(jitter_stays_within_twenty_percent);
	RUN(never_sleeps_past_the_deadline);
	RUN(tiny_intervals_have_no_jitter);
	RUN(only_the_three_final_statuses_end_an_update);
	return unit_done("follow");
}
