/* poll — follow the cluster's update in progress (or --update-id) to its
 * end; with none in progress, report the newest version update's outcome.
 * How a cancelled or timed-out CI job resumes. */
#include <string.h>

#include "cmd/session.h"
#include "cmd/verbs.h"
#include "util/clock.h"
#include "util/str.h"

/* The update to follow: --update-id, else the engine's pick from the
 * cluster's updates. 1 when there is none. */
static int find_update(struct aws *aws, const struct cli *cli, struct eks_state *state, char *id,
		       size_t cap, struct err *err)
{
	const struct eks_update *found;

	if (cli->update_id != NULL) {
		(void)str_copy(id, cap, cli->update_id);
		return 0;
	}
	if (eks_read_updates(aws, cli->cluster, state, err) != 0)
		return -1;
	/* An update we could not describe might be the one running: never
	 * fall back to an older one in its place. */
	for (size_t i = 0; i < state->update_count; i++) {
		const struct eks_update *u = &state->updates[i];

		if (!u->result.ok)
			return err_set(err, EXIT_RUNTIME, "DescribeUpdate %s: %s: %s", u->id,
				       u->result.code, u->result.message);
	}
	found = engine_pick_update(state);
	if (found == NULL)
		return 1;
	(void)str_copy(id, cap, found->id);
	return 0;
}

int verb_poll(const struct cli *cli, struct err *err)
{
	struct session session;
	struct out out;
	struct eks_state state;
	struct engine engine;
	struct action action;
	int64_t started = clock_monotonic_ms();
	int rc = -1, found;

	memset(&state, 0, sizeof(state));
	memset(&action, 0, sizeof(action));
	options_out(cli, &out);
	engine = options_engine(cli, &session.client, &out, started);
	if (session_open(&session, cli, err) != 0)
		goto out;
	session.client.deadline_ms = engine.deadline_ms;
	found = find_update(&session.client, cli, &state, action.adopt_id, sizeof(action.adopt_id),
			    err);
	if (found < 0)
		goto out;
	if (found == 1) {
		struct out_result none = {
		    .status = "NoUpdate", .cluster = cli->cluster, .exit_code = EXIT_OK};

		rc = out_result(&out, &none, err) != 0 ? -1 : EXIT_OK;
		goto out;
	}
	action.since_ms = started;
	if (engine_follow(&engine, &action, err) != 0)
		goto out;
	rc = engine_report(&engine, &action, err);
out:
	if (rc < 0)
		engine_report_failure(
		    &engine, action.update.id[0] ? action.update.id : action.adopt_id, err);
	eks_state_free(&state);
	session_close(&session);
	return rc;
}
