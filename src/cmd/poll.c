/* poll — follow the cluster's update in progress (or --update-id) to its
 * end; with none in progress, report the newest version update's outcome.
 * How a cancelled or timed-out CI job resumes. */
#include <string.h>

#include "cmd/session.h"
#include "cmd/verbs.h"
#include "util/clock.h"
#include "util/str.h"

static const struct eks_update *update_with_id(const struct eks_state *s, const char *id)
{
	for (size_t i = 0; i < s->update_count; i++)
		if (strcmp(s->updates[i].id, id) == 0)
			return &s->updates[i];
	return NULL;
}

/* An add-on's or node group's update: the one with id `id`, or with `id`
 * NULL one still running (SPEC §9: poll follows whatever update of the
 * cluster, its add-ons or node groups is in progress). 1 when there is
 * none. */
static int find_subject_update(struct aws *aws, const struct cli *cli, const char *id,
			       struct action *a, struct err *err)
{
	struct eks_state overview, updates;
	int rc = 1;

	memset(&overview, 0, sizeof(overview));
	if (eks_read_overview(aws, cli->cluster, &overview, err) != 0)
		return -1;
	for (size_t kind = 0; kind < 2 && rc == 1; kind++) {
		size_t count = kind == 0 ? overview.addon_count : overview.nodegroup_count;

		for (size_t i = 0; i < count && rc == 1; i++) {
			const char *name =
			    kind == 0 ? overview.addons[i].name : overview.nodegroups[i].name;
			const struct eks_update *found;

			memset(&updates, 0, sizeof(updates));
			if (eks_read_updates_of(aws, cli->cluster,
						kind == 0 ? EKS_SUBJECT_ADDON
							  : EKS_SUBJECT_NODEGROUP,
						name, &updates, err) != 0) {
				rc = -1;
			} else if ((found = id != NULL ? update_with_id(&updates, id)
						       : engine_pick_update(&updates)) != NULL &&
				   (id != NULL || !follow_update_ended(found->status))) {
				a->type = kind == 0 ? ACTION_ADDON : ACTION_NODEGROUP;
				(void)str_copy(a->name, sizeof(a->name), name);
				(void)str_copy(a->adopt_id, sizeof(a->adopt_id), found->id);
				(void)str_copy(a->to, sizeof(a->to),
					       found->addon_version[0] ? found->addon_version
								       : found->version);
				rc = 0;
			}
			eks_state_free(&updates);
		}
	}
	eks_state_free(&overview);
	return rc;
}

/* The update to follow: --update-id, else the engine's pick from the
 * cluster's updates, else an add-on's or node group's update in progress.
 * 1 when there is none. */
static int find_update(struct aws *aws, const struct cli *cli, struct eks_state *state,
		       struct action *a, struct err *err)
{
	const struct eks_update *found;

	if (cli->update_id != NULL) {
		(void)str_copy(a->adopt_id, sizeof(a->adopt_id), cli->update_id);
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
	if (found == NULL || follow_update_ended(found->status)) {
		int sub = find_subject_update(aws, cli, NULL, a, err);

		if (sub <= 0)
			return sub;
	}
	if (found == NULL)
		return 1;
	(void)str_copy(a->adopt_id, sizeof(a->adopt_id), found->id);
	return 0;
}

/* --update-id that DescribeUpdate without a name does not know (404): an
 * add-on's or node group's update (action-started prints their ids). Find
 * which and follow it; -1 with err as it was when none has it. */
static int follow_subject_by_id(struct engine *e, const struct cli *cli, struct action *a,
				struct err *err)
{
	const struct eks_result *r = &a->update.result;
	struct err find_err;

	if (cli->update_id == NULL || a->type != ACTION_CONTROL_PLANE || !r->attempted || r->ok ||
	    strcmp(r->code, "ResourceNotFoundException") != 0)
		return -1;
	err_clear(&find_err);
	if (find_subject_update(e->aws, cli, cli->update_id, a, &find_err) != 0) {
		if (find_err.exit_code != 0)
			aws_debug(e->aws, "looking for update %s: %s", cli->update_id,
				  find_err.message);
		return -1;
	}
	memset(&a->update, 0, sizeof(a->update));
	a->resume[0] = '\0';
	return engine_follow(e, a, err);
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
	found = find_update(&session.client, cli, &state, &action, err);
	if (found < 0)
		goto out;
	if (found == 1) {
		struct out_result none = {
		    .status = "NoUpdate", .cluster = cli->cluster, .exit_code = EXIT_OK};

		rc = out_result(&out, &none, err) != 0 ? -1 : EXIT_OK;
		goto out;
	}
	action.since_ms = started;
	if (engine_follow(&engine, &action, err) != 0 &&
	    follow_subject_by_id(&engine, cli, &action, err) != 0)
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
