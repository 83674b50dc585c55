/* follow — watch one EKS update until it ends, the deadline passes or a
 * signal arrives (SPEC §2 poll, §5 progress, §6 exit codes).
 *
 * DescribeUpdate every poll interval with ±20% jitter. Throttling, 5xx and
 * transport failures that outlast aws.c's retries are ridden out until the
 * deadline; anything else (unknown update, access denied) stops with an
 * error. The credentials refresh themselves inside aws.c as they near
 * expiry, so a long poll survives short-lived credentials.
 */
#ifndef EKS_FOLLOW_H
#define EKS_FOLLOW_H

#include <stdint.h>

#include "aws.h"
#include "eks.h"
#include "out.h"

enum follow_outcome {
	FOLLOW_ENDED,	    /* the update left InProgress: see update.status */
	FOLLOW_TIMED_OUT,   /* the deadline passed while InProgress */
	FOLLOW_INTERRUPTED, /* SIGINT/SIGTERM */
};

struct follow {
	const char *cluster;
	const char *update_id;
	int64_t deadline_ms; /* monotonic, from follow_now_ms() */
	int64_t interval_ms; /* --poll-interval */
	int64_t started_ms;  /* for elapsed time */
};

/* Milliseconds on a monotonic clock. */
int64_t follow_now_ms(void);

/* Sleeps up to ms, in short steps, returning early (-1) on a signal. */
int follow_sleep_ms(int64_t ms);

int follow_update(struct aws *aws, struct out *out, const struct follow *f,
		  struct eks_update *update, enum follow_outcome *outcome,
		  struct err *err) MUST_CHECK;

#endif
