#include "follow.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "str.h"
#include "verbs.h"

int64_t follow_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int follow_sleep_ms(int64_t ms)
{
	while (ms > 0) {
		int64_t step = ms < 100 ? ms : 100;
		struct timespec ts = {(time_t)(step / 1000), (long)(step % 1000) * 1000000L};

		if (verb_stop_signal)
			return -1;
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return verb_stop_signal ? -1 : 0;
}

/* interval ± 20% */
static int64_t jittered(int64_t interval)
{
	uint32_t r = 0;
	int64_t spread = interval / 5;

	if (spread == 0 || getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return interval;
	return interval - spread + (int64_t)(r % (uint32_t)(2 * spread + 1));
}

int follow_update(struct aws *aws, struct out *out, const struct follow *f,
		  struct eks_update *update, enum follow_outcome *outcome, struct err *err)
{
	/* f->update_id may point into *update, which a failed poll clears. */
	char id[sizeof(update->id)];

	(void)str_copy(id, sizeof(id), f->update_id);
	for (;;) {
		struct err poll_err;
		int64_t now, wait;

		if (verb_stop_signal) {
			*outcome = FOLLOW_INTERRUPTED;
			return 0;
		}
		err_clear(&poll_err);
		if (eks_describe_update(aws, f->cluster, id, update, &poll_err) != 0) {
			/* keep the id for the caller's report */
			(void)str_copy(update->id, sizeof(update->id), id);
			if (poll_err.exit_code == EXIT_SIGINT ||
			    poll_err.exit_code == EXIT_SIGTERM) {
				*outcome = FOLLOW_INTERRUPTED;
				return 0;
			}
			if (!update->result.attempted || !update->result.transient) {
				*err = poll_err;
				return -1;
			}
			out_warning(out, "polling: %s; trying again", poll_err.message);
		} else {
			if (out_progress(out, update->id, update->status,
					 (follow_now_ms() - f->started_ms) / 1000, err) != 0)
				return -1;
			if (strcmp(update->status, "InProgress") != 0) {
				*outcome = FOLLOW_ENDED;
				return 0;
			}
		}
		now = follow_now_ms();
		if (now >= f->deadline_ms) {
			*outcome = FOLLOW_TIMED_OUT;
			return 0;
		}
		wait = jittered(f->interval_ms);
		if (wait > f->deadline_ms - now)
			wait = f->deadline_ms - now;
		if (follow_sleep_ms(wait) != 0) {
			*outcome = FOLLOW_INTERRUPTED;
			return 0;
		}
	}
}
