#include "upgrade/follow.h"

#include <string.h>

#include "util/clock.h"
#include "util/str.h"

int64_t follow_next_wait_ms(int64_t interval, uint32_t random, int64_t now, int64_t deadline)
{
	int64_t spread = interval / 5, wait = interval;

	if (now >= deadline)
		return 0;
	if (spread > 0)
		wait = interval - spread + (int64_t)(random % (uint32_t)(2 * spread + 1));
	return wait < deadline - now ? wait : deadline - now;
}

bool follow_update_ended(const char *status)
{
	return strcmp(status, "Successful") == 0 || strcmp(status, "Failed") == 0 ||
	       strcmp(status, "Cancelled") == 0;
}

static bool stopped(const struct aws *aws)
{
	return aws->cancel != NULL && *aws->cancel != 0;
}

int follow_update(struct aws *aws, struct out *out, const struct follow *f,
		  struct eks_update *update, enum follow_outcome *outcome, struct err *err)
{
	/* f->update_id may point into *update, which a failed poll clears. */
	char id[sizeof(update->id)];

	(void)str_copy(id, sizeof(id), f->update_id);
	for (;;) {
		struct err poll_err;
		int64_t now;

		if (stopped(aws)) {
			*outcome = FOLLOW_INTERRUPTED;
			return 0;
		}
		err_clear(&poll_err);
		if (eks_describe_update_of(aws, f->cluster, f->subject, f->subject_name, id, update,
					   &poll_err) != 0) {
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
					 (clock_monotonic_ms() - f->started_ms) / 1000, err) != 0)
				return -1;
			if (follow_update_ended(update->status)) {
				*outcome = FOLLOW_ENDED;
				return 0;
			}
		}
		now = clock_monotonic_ms();
		if (now >= f->deadline_ms) {
			*outcome = FOLLOW_TIMED_OUT;
			return 0;
		}
		if (clock_sleep_ms(follow_next_wait_ms(f->interval_ms, clock_random_u32(), now,
						       f->deadline_ms),
				   aws->cancel) != 0) {
			*outcome = FOLLOW_INTERRUPTED;
			return 0;
		}
	}
}
