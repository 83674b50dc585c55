/* plan — read-only: the target version and every pre-flight check, as text
 * or JSON; the exit code tells a pipeline what it found (SPEC §6). */
#include <string.h>

#include "cmd/session.h"
#include "cmd/verbs.h"
#include "util/clock.h"

int verb_plan(const struct cli *cli, struct err *err)
{
	struct session session;
	struct plan plan;
	struct eks_state state;
	struct out out;
	struct checks_request req = options_checks(cli);
	int64_t started_ms = clock_monotonic_ms();
	int rc = -1;

	memset(&plan, 0, sizeof(plan));
	memset(&state, 0, sizeof(state));
	options_out(cli, &out);
	if (session_open(&session, cli, err) != 0)
		goto out;
	/* --timeout bounds plan too (SPEC §2): no request outlives it. */
	session.client.deadline_ms = started_ms + cli->timeout_ms;
	if (checks_run(&session.client, &req, &plan, &state, err) != 0)
		goto out;
	/* A check made to skip by a request --timeout cut short would let an
	 * unjudged plan say "ready". */
	if (aws_deadline_hit(&session.client)) {
		/* Exit 1, not 5: no update runs that poll could follow. */
		rc = err_set(err, EXIT_RUNTIME,
			     "--timeout reached while the cluster was read: the plan is incomplete "
			     "and says nothing; run again with a longer --timeout");
		goto out;
	}
	if (out_plan(&out, &plan, false, err) != 0)
		goto out;
	if (plan.blocked)
		rc = EXIT_BLOCKED;
	else if (cli->detailed_exitcode && plan.upgrade_available)
		rc = EXIT_CHANGES;
	else
		rc = EXIT_OK;
out:
	eks_state_free(&state);
	plan_free(&plan);
	session_close(&session);
	return rc;
}
