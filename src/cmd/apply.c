/* apply — the plan's checks, then (with --approve) start the update or adopt
 * the matching one already running, and follow it to the end. With
 * --multi-step, one step per minor version, every check re-run first. The
 * steps and their actions run on the action engine (upgrade/engine.h). */
#include <stdio.h>
#include <string.h>

#include "cmd/session.h"
#include "cmd/verbs.h"
#include "util/clock.h"
#include "util/str.h"

/* The plan's failing checks as result errors (status Blocked). */
static int report_blocked(struct out *out, const struct plan *plan, struct err *err)
{
	struct out_error errors[CHECK_COUNT * PLAN_MAX_PATH];
	char messages[CHECK_COUNT * PLAN_MAX_PATH][sizeof(plan->checks[0].message) + 64];
	size_t n = 0;
	struct out_result result = {.status = "Blocked",
				    .cluster = plan->cluster,
				    .version = plan->current_version,
				    .platform_version = plan->platform_version,
				    .exit_code = EXIT_BLOCKED};

	for (int i = 0; i < CHECK_COUNT; i++)
		if (plan->checks[i].status == CHECK_FAIL)
			errors[n++] = (struct out_error){plan->checks[i].id,
							 plan->checks[i].message, NULL, 0};
	/* A later step forecast to fail blocks the path before anything starts. */
	for (size_t s = 1; s < plan->path_len && s < PLAN_MAX_PATH; s++) {
		const struct plan_step *st = &plan->later[s];

		for (int i = 0; i < CHECK_COUNT; i++) {
			if (st->checks[i].id == NULL || st->checks[i].status != CHECK_FAIL)
				continue;
			(void)str_fmt(messages[n], sizeof(messages[n]), "step %s → %s: %s",
				      st->from, st->version, st->checks[i].message);
			errors[n] = (struct out_error){st->checks[i].id, messages[n], NULL, 0};
			n++;
		}
	}
	result.errors = errors;
	result.error_count = n;
	if (out_result(out, &result, err) != 0)
		return -1;
	return EXIT_BLOCKED;
}

static int report_simple(struct out *out, const struct plan *plan, const char *status,
			 const char *update_id, const char *resume, int code, struct err *err)
{
	struct out_result result = {.status = status,
				    .cluster = plan->cluster,
				    .update_id = update_id,
				    .resume_command = resume,
				    .version = plan->current_version,
				    .platform_version = plan->platform_version,
				    .exit_code = code};

	if (out_result(out, &result, err) != 0)
		return -1;
	return code;
}

/* EKS's own node group rule (SPEC §4): when UpdateClusterVersion is
 * refused naming node groups ("Nodegroups ng-a must be updated to match
 * cluster version 1.31 ..."), that is nodegroup-skew failing, exit 3,
 * whichever rule the tool's check applied. Reports it and returns true. */
static bool refused_for_nodegroups(struct out *out, const struct plan *plan, const struct action *a,
				   struct err *err)
{
	const struct eks_result *r = &a->update.result;
	char message[sizeof(r->message) + 64];
	struct out_error error = {"nodegroup-skew", message, NULL, 0};
	struct out_result result = {.status = "Blocked",
				    .cluster = plan->cluster,
				    .version = plan->current_version,
				    .platform_version = plan->platform_version,
				    .errors = &error,
				    .error_count = 1,
				    .exit_code = EXIT_BLOCKED};
	struct err ignored;

	if (!r->attempted || r->ok || strcmp(r->code, "InvalidParameterException") != 0 ||
	    strstr(r->message, "odegroup") == NULL)
		return false;
	out_warning(out, "%s", err->message);
	(void)str_fmt(message, sizeof(message), "EKS refused the update: %s", r->message);
	out_text_line(out, OUT_FAIL, "nodegroup-skew: %s", message);
	err_clear(&ignored);
	(void)(out_result(out, &result, &ignored) == 0);
	return true;
}

/* Runs one step's actions: each started or adopted, then followed. Returns
 * the exit code, or -1; *more is set when the step succeeded and a later
 * step of the path remains. */
static int run_actions(struct engine *e, const struct cli *cli, const struct plan *plan,
		       struct step *step, bool *more, char *update_id, size_t cap, struct err *err)
{
	for (size_t i = 0; i < step->action_count; i++) {
		struct action *a = &step->actions[i];
		struct eks_cluster cluster;

		if (engine_start(e, a, err) != 0)
			return refused_for_nodegroups(e->out, plan, a, err) ? EXIT_BLOCKED : -1;
		(void)str_copy(update_id, cap, a->update.id);
		if (cli->no_wait)
			return report_simple(e->out, plan, "InProgress", a->update.id, a->resume,
					     EXIT_OK, err);
		if (engine_follow(e, a, err) != 0)
			return -1;
		if (a->outcome != FOLLOW_ENDED || strcmp(a->update.status, "Successful") != 0 ||
		    plan->path_len == 1)
			return engine_report(e, a, err);
		/* A step of several: say so, then plan the next one afresh, once
		 * the cluster reads ACTIVE again (its status lags the update's). */
		if (engine_wait_active(e, &cluster, err) != 0)
			return -1;
		out_text_line(e->out, OUT_PASS, "step %s → %s done (update %s)", a->from, a->to,
			      a->update.id);
	}
	*more = true;
	return EXIT_OK;
}

/* One step: checks, then (approved) its actions. Returns the exit code;
 * *more is set when a later step remains. */
static int run_step(struct engine *e, const struct cli *cli, bool first, bool *more,
		    char *update_id, size_t cap, struct err *err)
{
	struct checks_request req = options_checks(cli);
	struct plan plan;
	struct eks_state state;
	struct step step;
	int rc = -1;

	*more = false;
	if (checks_run(e->aws, &req, &plan, &state, err) != 0)
		goto out;
	if ((first || e->out->mode == OUT_JSON || plan.blocked) &&
	    out_plan(e->out, &plan, true, err) != 0)
		goto out;
	if (plan.blocked)
		rc = report_blocked(e->out, &plan, err);
	else if (plan.target_version[0] == '\0' || plan.path_len == 0)
		rc = report_simple(e->out, &plan, "UpToDate", NULL, NULL, EXIT_OK, err);
	else if (!cli->approve)
		rc = report_simple(e->out, &plan, "NotApproved", NULL, NULL, EXIT_OK, err);
	else {
		engine_plan_step(&plan, &step);
		rc = run_actions(e, cli, &plan, &step, more, update_id, cap, err);
	}
out:
	eks_state_free(&state);
	plan_free(&plan);
	return rc;
}

int verb_apply(const struct cli *cli, struct err *err)
{
	struct session session;
	struct out out;
	struct engine engine;
	char update_id[128] = "";
	bool more = true;
	int rc = -1;

	options_out(cli, &out);
	engine = options_engine(cli, &session.client, &out, clock_monotonic_ms());
	if (session_open(&session, cli, err) != 0)
		goto out;
	session.client.deadline_ms = engine.deadline_ms;
	for (int steps = 0; more; steps++) {
		rc = run_step(&engine, cli, steps == 0, &more, update_id, sizeof(update_id), err);
		if (rc != EXIT_OK)
			break;
	}
out:
	if (rc < 0)
		engine_report_failure(&engine, update_id, err);
	session_close(&session);
	return rc;
}
