/* follow — watch one EKS update until it ends, the deadline passes or a
 * signal arrives (SPEC §2 poll, §5 progress, §6 exit codes).
 *
 * DescribeUpdate every poll interval with ±20% jitter. Throttling, 5xx and
 * transport failures that outlast the client's retries are ridden out until
 * the deadline; anything else (unknown update, access denied) stops with an
 * error. The client's credential source refreshes credentials as they near
 * expiry, so a long poll survives short-lived credentials. A signal is seen
 * through the client's cancel flag.
 */
#ifndef EKS_FOLLOW_H
#define EKS_FOLLOW_H

#include <stdint.h>

#include "aws/client.h"
#include "aws/eks.h"
#include "upgrade/out.h"

enum follow_outcome {
	FOLLOW_ENDED,	    /* the update ended: see update.status */
	FOLLOW_TIMED_OUT,   /* the deadline passed while InProgress */
	FOLLOW_INTERRUPTED, /* SIGINT/SIGTERM */
};

struct follow {
	const char *cluster;
	const char *update_id;
	int64_t deadline_ms;	  /* monotonic, from clock_monotonic_ms() */
	int64_t interval_ms;	  /* --poll-interval */
	int64_t started_ms;	  /* for elapsed time */
	enum eks_subject subject; /* the cluster, or an add-on / node group: */
	const char *subject_name; /* its name (DescribeUpdate addonName=...) */
};

/* The wait before the next poll: `interval` ± 20% chosen by `random`, and
 * never past the deadline. 0 when the deadline has passed. */
int64_t follow_next_wait_ms(int64_t interval, uint32_t random, int64_t now, int64_t deadline);

/* Successful, Failed and Cancelled end an update; any other status
 * (InProgress, and those newer than our model, such as Cancelling during an
 * Auto Mode rollback) is shown as it comes and followed on (SPEC §10). */
bool follow_update_ended(const char *status);

int follow_update(struct aws *aws, struct out *out, const struct follow *f,
		  struct eks_update *update, enum follow_outcome *outcome,
		  struct err *err) MUST_CHECK;

#endif
