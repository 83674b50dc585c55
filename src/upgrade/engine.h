/* engine — the action engine: what apply, rollback and poll coordinate.
 *
 * A run is a list of steps (one per minor version of the path); a step is a
 * list of actions, each one EKS update: the control plane's version now,
 * later an add-on, a node group, a rollback (SPEC §9, §10). Every action
 * goes through the same life:
 *
 *    engine_start   start it (a fresh clientRequestToken per start, reused by
 *                   the client's retries), or adopt the update already
 *                   running for it, or skip it when there is nothing to do;
 *                   prints update-started / update-adopted with the resume
 *                   command;
 *    engine_follow  DescribeUpdate until it ends, the deadline passes or a
 *                   signal arrives (follow.c);
 *    engine_report  the result event and exit code (SPEC §5, §6) once the
 *                   run ends on it.
 *
 * The engine owns no memory: the caller owns the struct engine (pointing at
 * its client and output) and each struct action.
 */
#ifndef EKS_ENGINE_H
#define EKS_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "aws/client.h"
#include "aws/eks.h"
#include "upgrade/follow.h"
#include "upgrade/out.h"
#include "upgrade/plan.h"

#define ENGINE_RESUME_MAX 1024
#define ENGINE_IN_USE_RETRIES 5

enum action_start { ACTION_NOT_STARTED = 0, ACTION_STARTED, ACTION_ADOPTED, ACTION_SKIPPED };

struct action {
	enum action_type type;
	char name[128];	    /* the cluster, add-on or node group */
	char from[128];	    /* "1.31", "v1.11.3-eksbuild.1" */
	char to[128];	    /* "1.32", "v1.11.4-eksbuild.2" */
	char adopt_id[128]; /* an update already running for this action, or "" */
	bool rollback;	    /* a VersionRollback (SPEC §10), not a VersionUpdate */

	/* Filled as it runs. */
	enum action_start start;
	struct eks_update update; /* the last DescribeUpdate (or the start's answer) */
	enum follow_outcome outcome;
	char resume[ENGINE_RESUME_MAX]; /* the poll command that follows it */
	int64_t since_ms;		/* progress elapsed counts from here (monotonic) */
};

struct step {
	char version[32];
	struct action *actions; /* owned: engine_step_free */
	size_t action_count;
};

struct engine {
	struct aws *aws;
	struct out *out;
	const char *cluster;
	const char *profile;	      /* --profile, for resume commands; may be NULL */
	int64_t deadline_ms;	      /* monotonic: --timeout for the whole run */
	int64_t interval_ms;	      /* --poll-interval */
	int64_t timeout_ms;	      /* --timeout, for the TimedOut message */
	int rollback_timeout_minutes; /* --rollback-timeout; 0: EKS's default */
	const char *addon_conflicts;  /* resolveConflicts: PRESERVE, OVERWRITE, NONE */
	bool force;		      /* UpdateClusterVersion "force" (--force) */
};

/* The first step of a plan that is not blocked: its actions in order (the
 * control plane, then add-ons, then node groups; reversed for a rollback),
 * the control plane adopting the update in progress when the plan found
 * one. */
int engine_plan_step(const struct plan *plan, struct step *step, struct err *err) MUST_CHECK;
void engine_step_free(struct step *step);

/* What an action's updates are about, for DescribeUpdate / ListUpdates. */
enum eks_subject engine_subject(const struct action *a);

/* Starts or adopts the action and announces it. A 409 ResourceInUse (SPEC
 * §7) names the update that holds the cluster: when it is this very version
 * change it is adopted, otherwise it is waited for (within the deadline)
 * and the start retried with the same clientRequestToken; a 409 without an
 * id is retried ENGINE_IN_USE_RETRIES times (5, 10, 20, 40, 80 s). For an
 * add-on or node group, a 409 adopts its running update only when that makes
 * this very change (AddonVersion, or a VersionUpdate's Version, equal to
 * a.to); another is waited for within the deadline, then the start retried.
 * On EKS
 * refusing the start, -1 with err's exit code EXIT_BLOCKED for the refusals
 * SPEC §6 calls blocked (InvalidParameter, InvalidState, ResourceInUse,
 * InvalidRequest), EXIT_RUNTIME otherwise; a.update.result says why. */
int engine_start(struct engine *e, struct action *a, struct err *err) MUST_CHECK;

/* Follows the action's update to its end, the deadline or a signal. */
int engine_follow(struct engine *e, struct action *a, struct err *err) MUST_CHECK;

/* After a control-plane update ended Successful: DescribeCluster until
 * the cluster reads ACTIVE again (its status lags the update's), for at
 * most a minute and never past the deadline. */
int engine_wait_active(struct engine *e, struct eks_cluster *cluster, struct err *err) MUST_CHECK;

/* Prints how the action's update ended (the result event) and returns the
 * exit code: 0 Successful (after confirming the cluster's version and
 * asking the API server), 4 Failed / Cancelled / any other end, 5 timed
 * out, 130 / 143 interrupted; -1 on an error. */
int engine_report(struct engine *e, const struct action *a, struct err *err);

/* The run ended on an error (-1): with --output json the result event
 * still ends the stream (status Error, or Interrupted for SIGINT/SIGTERM,
 * with the resume command when an update is known). */
void engine_report_failure(struct engine *e, const char *update_id, const struct err *failure);

/* The update poll follows when no id is given: the newest one still
 * running (InProgress, or a status newer than the model), else the newest
 * VersionUpdate or VersionRollback; NULL when the cluster has none. Updates
 * that could not be described are skipped (poll refuses those first). */
const struct eks_update *engine_pick_update(const struct eks_state *state);

/* The first UUID in an EKS message ("... has update <id> in progress"),
 * or "" when there is none. */
void engine_update_id_in(const char *message, char *out, size_t cap);

/* After a Successful VersionUpdate: until when EKS allows rolling it back
 * (its createdAt + 7 days, ISO 8601) and the command; -1 when unknown or
 * when that time has passed. */
#define ENGINE_ROLLBACK_WINDOW_SECONDS (7 * 86400)
int engine_rollback_hint(const struct engine *e, const struct eks_update *update, char *until,
			 size_t until_cap, char *command, size_t command_cap);

/* Maps UpdateClusterVersion's error code to an exit code (see engine_start). */
int engine_start_error_code(const char *aws_error_code);

#endif
