#include "util/clock.h"

#include <sys/random.h>
#include <time.h>

int64_t clock_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cancelled(const volatile sig_atomic_t *cancel)
{
	return cancel != NULL && *cancel != 0;
}

int clock_sleep_ms(int64_t ms, const volatile sig_atomic_t *cancel)
{
	while (ms > 0) {
		int64_t step = ms < 100 ? ms : 100;
		struct timespec ts = {(time_t)(step / 1000), (long)(step % 1000) * 1000000L};

		if (cancelled(cancel))
			return -1;
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return cancelled(cancel) ? -1 : 0;
}

uint32_t clock_random_u32(void)
{
	uint32_t r = 0;

	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (uint32_t)time(NULL) * 2654435761u;
	return r;
}
