/* apply (and rollback) — the plan's checks, then (with --approve) every
 * action of the plan in order on the action engine (upgrade/engine.h): the
 * control plane's update (started, or the matching one already running
 * adopted), then with --with-addons / --with-nodegroups the add-ons' and
 * node groups' (SPEC §9; reversed for a rollback, §10). With --multi-step
 * one step per minor version, every check re-run first. A run that stops
 * after something was done ends Partial, exit 7, with the command that goes
 * on (SPEC §6). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/session.h"
#include "cmd/verbs.h"
#include "util/clock.h"
#include "util/str.h"

/* What this run has done so far, across steps: for Partial. */
struct done {
	struct plan_action *actions;
	size_t count;
	char target[32]; /* the path's end, written out in the command that goes on */
	char update_id[128];
	char version[32]; /* the cluster's version as last read or moved to */
	const struct cli *cli;
};

static int record_done(struct done *d, const struct action *a, struct err *err)
{
	struct plan_action *grown = realloc(d->actions, (d->count + 1) * sizeof(*grown));

	if (grown == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	d->actions = grown;
	memset(&grown[d->count], 0, sizeof(*grown));
	grown[d->count].type = a->type;
	(void)str_copy(grown[d->count].name, sizeof(grown[d->count].name), a->name);
	(void)str_copy(grown[d->count].from, sizeof(grown[d->count].from), a->from);
	(void)str_copy(grown[d->count].to, sizeof(grown[d->count].to), a->to);
	d->count++;
	return 0;
}

/* "eks-upgrade apply --cluster X --region R --to T --with-... --approve":
 * the same run again, the target written out so it never aims past it,
 * with every flag that changes what it does or what blocks it (SPEC §9:
 * "re-running it with the same flags ... goes on"). Not repeated:
 * --refresh-insights (the first run refreshed them), and --timeout,
 * --poll-interval, --output, --quiet, which change only how it waits and
 * talks. */
static void continue_command(const struct engine *e, const struct done *d, char *out, size_t cap)
{
	const struct cli *cli = d->cli;
	char conflicts[32] = "", parallel[48] = "", rollback[48] = "", warn[48] = "";

	if (cli->with_addons) {
		(void)str_fmt(conflicts, sizeof(conflicts), " --addon-conflicts %s",
			      cli->addon_conflicts);
		for (char *p = conflicts; *p != '\0'; p++) /* upper case inside */
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
	}
	if (cli->nodegroup_parallelism > 1)
		(void)str_fmt(parallel, sizeof(parallel), " --nodegroup-parallelism %d",
			      cli->nodegroup_parallelism);
	if (cli->rollback_timeout_minutes > 0)
		(void)str_fmt(rollback, sizeof(rollback), " --rollback-timeout %dm",
			      cli->rollback_timeout_minutes);
	if (cli->support_warn_days != CLI_DEFAULT_SUPPORT_WARN_DAYS)
		(void)str_fmt(warn, sizeof(warn), " --support-warn-days %d",
			      cli->support_warn_days);
	if (str_fmt(out, cap,
		    "eks-upgrade apply --cluster %s --region %s%s%s --to %s%s%s%s%s%s%s%s%s%s%s "
		    "--approve",
		    e->cluster, e->aws->region, cli->profile ? " --profile " : "",
		    cli->profile ? cli->profile : "", d->target,
		    cli->multi_step ? " --multi-step" : "",
		    cli->with_addons ? " --with-addons" : "",
		    cli->with_nodegroups ? " --with-nodegroups" : "", conflicts, parallel,
		    cli->force ? " --force" : "", rollback, cli->strict ? " --strict" : "",
		    cli->no_kube_api ? " --no-kube-api" : "", warn) != 0)
		(void)str_copy(out, cap, "eks-upgrade apply ... (the same command again)");
}

/* Something was done, then a failure or a block: Partial, exit 7. */
static int report_partial(const struct engine *e, const struct done *d,
			  const struct out_error *errors, size_t error_count, struct err *err)
{
	char command[ENGINE_RESUME_MAX];
	struct out_result result = {.status = "Partial",
				    .update_id = d->update_id[0] ? d->update_id : NULL,
				    .cluster = e->cluster,
				    .version = d->version[0] ? d->version : NULL,
				    .errors = errors,
				    .error_count = error_count,
				    .exit_code = EXIT_PARTIAL,
				    .resume_command = command,
				    .completed = d->actions,
				    .completed_count = d->count};

	continue_command(e, d, command, sizeof(command));
	if (out_result(e->out, &result, err) != 0)
		return -1;
	return EXIT_PARTIAL;
}

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

/* EKS refused UpdateClusterVersion because node groups lag behind the
 * version: the check that should have caught it, with EKS's words. */
static bool refused_for_nodegroups(const struct action *a, char *message, size_t cap)
{
	const struct eks_result *r = &a->update.result;

	/* AWS documents the message, not its code: any client error that
	 * names node groups which must be updated. */
	if (a->type != ACTION_CONTROL_PLANE || !r->attempted || r->ok || r->transient ||
	    r->denied || r->code[0] == '\0' || strstr(r->message, "odegroup") == NULL ||
	    strstr(r->message, "must be updated") == NULL)
		return false;
	(void)str_fmt(message, cap, "EKS refused the update: %s", r->message);
	return true;
}

static const char *action_label(enum action_type type)
{
	return type == ACTION_ADDON	  ? "add-on"
	       : type == ACTION_NODEGROUP ? "node group"
					  : "control plane";
}

/* Why an action could not be started, as a result error naming it: EKS's
 * code when it answered, else RuntimeError. The message is written to
 * `message`. */
static struct out_error start_error(const struct action *a, const struct err *why, char *message,
				    size_t cap)
{
	const struct eks_result *r = &a->update.result;

	(void)str_fmt(message, cap, "%s %s: %s → %s could not be started: %s",
		      action_label(a->type), a->name, a->from, a->to, why->message);
	return (struct out_error){r->attempted && !r->ok && r->code[0] != '\0' ? r->code
									       : "RuntimeError",
				  message, NULL, 0};
}

/* The action could not be started (err says why). After something was
 * done: Partial with the refusal and the command that goes on (SPEC §9).
 * Before: Blocked when node groups lag, else -1 (the error as it is).
 * A signal stays an interruption. */
static int start_failed(struct engine *e, const struct plan *plan, const struct action *a,
			const struct done *d, struct err *err)
{
	char message[sizeof(a->update.result.message) + 64], why[sizeof(err->message) + 512];
	struct err refusal = *err;
	struct out_error error = start_error(a, &refusal, why, sizeof(why));
	struct out_result blocked = {.status = "Blocked",
				     .cluster = plan->cluster,
				     .version = plan->current_version,
				     .platform_version = plan->platform_version,
				     .errors = &error,
				     .error_count = 1,
				     .exit_code = EXIT_BLOCKED};
	bool skew = refused_for_nodegroups(a, message, sizeof(message));

	if (err->exit_code == EXIT_SIGINT || err->exit_code == EXIT_SIGTERM)
		return -1;
	if (skew) {
		error = (struct out_error){"nodegroup-skew", message, NULL, 0};
		out_warning(e->out, "%s", refusal.message);
		out_text_line(e->out, OUT_FAIL, "nodegroup-skew: %s", message);
	}
	if (d->count > 0)
		return report_partial(e, d, &error, 1, err);
	if (!skew)
		return -1;
	if (out_result(e->out, &blocked, err) != 0)
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

/* How an action's update ended badly, as result errors. */
static size_t update_errors(const struct action *a, struct out_error *errors,
			    const char *(*ids)[EKS_MAX_RESOURCE_IDS], char *message, size_t cap)
{
	const struct eks_update *u = &a->update;
	size_t n = 0;

	(void)str_fmt(message, cap, "%s %s: %s → %s ended %s", action_label(a->type), a->name,
		      a->from, a->to, a->outcome == FOLLOW_TIMED_OUT ? "TimedOut" : u->status);
	errors[n++] = (struct out_error){plan_action_type_name(a->type), message, NULL, 0};
	for (size_t i = 0; i < u->error_count && n < EKS_MAX_UPDATE_ERRORS; i++) {
		const struct eks_update_error *ue = &u->errors[i];

		for (size_t k = 0; k < ue->resource_id_count; k++)
			ids[n][k] = ue->resource_ids[k];
		errors[n] =
		    (struct out_error){ue->code, ue->message, ids[n], ue->resource_id_count};
		n++;
	}
	return n;
}

/* Runs one node group batch of up to --nodegroup-parallelism: all started,
 * then each followed to its end (EKS runs them side by side). *started is
 * how many could be started: when fewer than n, *refusal says why the next
 * one could not, and those started are still followed and recorded. *failed
 * is the index of the first started one that did not end Successful, or n.
 * -1 on an error while following. */
static int run_nodegroups(struct engine *e, struct action *batch, size_t n, struct done *d,
			  size_t *started, size_t *failed, struct err *refusal, struct err *err)
{
	*failed = n;
	for (*started = 0; *started < n; (*started)++)
		if (engine_start(e, &batch[*started], refusal) != 0)
			break;
	for (size_t i = 0; i < *started; i++) {
		if (engine_follow(e, &batch[i], err) != 0)
			return -1;
		if (batch[i].outcome == FOLLOW_ENDED &&
		    strcmp(batch[i].update.status, "Successful") == 0) {
			if (record_done(d, &batch[i], err) != 0)
				return -1;
		} else if (*failed == n) {
			*failed = i;
		}
		if (batch[i].outcome != FOLLOW_ENDED)
			break; /* timed out or interrupted: reported as such */
	}
	return 0;
}

/* Runs one step's actions. Returns the exit code, or -1; *more is set when
 * the step is done and a later step of the path remains. */
static int run_actions(struct engine *e, const struct cli *cli, const struct plan *plan,
		       struct step *step, struct done *d, bool *more, struct err *err)
{
	struct action *control = NULL;
	size_t parallel = cli->nodegroup_parallelism > 0 ? (size_t)cli->nodegroup_parallelism : 1;

	for (size_t i = 0; i < step->action_count;) {
		struct action *a = &step->actions[i];
		struct out_error errors[EKS_MAX_UPDATE_ERRORS + 1];
		const char *ids[EKS_MAX_UPDATE_ERRORS][EKS_MAX_RESOURCE_IDS];
		char message[512];
		struct err refusal;
		char why[sizeof(refusal.message) + 512];
		size_t started, failed, n = 1;

		if (a->type == ACTION_NODEGROUP) {
			while (i + n < step->action_count && n < parallel &&
			       step->actions[i + n].type == ACTION_NODEGROUP)
				n++;
			err_clear(&refusal);
			if (run_nodegroups(e, a, n, d, &started, &failed, &refusal, err) != 0)
				return -1;
			if (failed < n) {
				size_t k = update_errors(&a[failed], errors, ids, message,
							 sizeof(message));

				if (d->count == 0 || a[failed].outcome != FOLLOW_ENDED)
					return engine_report(e, &a[failed], err);
				if (started < n) /* and the next could not be started */
					errors[k++] =
					    start_error(&a[started], &refusal, why, sizeof(why));
				return report_partial(e, d, errors, k, err);
			}
			if (started < n) {
				*err = refusal;
				return start_failed(e, plan, &a[started], d, err);
			}
			i += n;
			continue;
		}
		if (engine_start(e, a, err) != 0)
			return start_failed(e, plan, a, d, err);
		if (a->type == ACTION_CONTROL_PLANE) {
			(void)str_copy(d->update_id, sizeof(d->update_id), a->update.id);
			control = a;
			if (cli->no_wait)
				return report_simple(e->out, plan, "InProgress", a->update.id,
						     a->resume, EXIT_OK, err);
		}
		if (engine_follow(e, a, err) != 0)
			return -1;
		if (a->outcome != FOLLOW_ENDED || strcmp(a->update.status, "Successful") != 0) {
			size_t k;

			/* Timed out or interrupted: the update goes on, poll resumes it. */
			if (d->count == 0 || a->outcome != FOLLOW_ENDED)
				return engine_report(e, a, err);
			k = update_errors(a, errors, ids, message, sizeof(message));
			return report_partial(e, d, errors, k, err);
		}
		if (record_done(d, a, err) != 0)
			return -1;
		if (a->type == ACTION_CONTROL_PLANE)
			(void)str_copy(d->version, sizeof(d->version),
				       a->update.version[0] ? a->update.version : a->to);
		if (a->type == ACTION_CONTROL_PLANE &&
		    (i + 1 < step->action_count || plan->path_len > 1)) {
			/* More to do: say so, once the cluster reads ACTIVE again (its
			 * status lags the update's). */
			struct eks_cluster cluster;

			if (engine_wait_active(e, &cluster, err) != 0)
				return -1;
			out_text_line(e->out, OUT_PASS, "control plane %s → %s done (update %s)",
				      a->from, a->to, a->update.id);
		}
		i++;
	}
	if (plan->path_len > 1) {
		*more = true;
		return EXIT_OK;
	}
	if (control != NULL)
		return engine_report(e, control, err);
	{
		/* Only add-on and node group actions (finishing at the target). */
		struct out_result result = {.status = "Successful",
					    .cluster = plan->cluster,
					    .version = plan->current_version,
					    .platform_version = plan->platform_version,
					    .exit_code = EXIT_OK};

		if (out_result(e->out, &result, err) != 0)
			return -1;
		return EXIT_OK;
	}
}

/* One step: checks, then (approved) its actions. Returns the exit code;
 * *more is set when a later step remains. */
static int run_step(struct engine *e, const struct cli *cli, bool first, struct done *d, bool *more,
		    struct err *err)
{
	struct checks_request req = options_checks(cli);
	struct plan plan;
	struct eks_state state;
	struct step step;
	bool nothing = false;
	int rc = -1;

	*more = false;
	memset(&step, 0, sizeof(step));
	if (checks_run(e->aws, &req, &plan, &state, err) != 0)
		goto out;
	(void)str_copy(d->version, sizeof(d->version), plan.current_version);
	if (aws_deadline_hit(e->aws)) { /* a skip cut short by --timeout judges nothing */
		struct err why;
		struct out_error error;

		/* Nothing runs now, so not exit 5 ("resume with poll"): a runtime
		 * error, or Partial with the apply that goes on. */
		err_clear(&why);
		err_set(&why, EXIT_RUNTIME,
			"--timeout reached while the cluster was read: nothing more was started; "
			"run the same apply again with a longer --timeout");
		error = (struct out_error){"TimedOut", why.message, NULL, 0};
		if (d->count > 0)
			rc = report_partial(e, d, &error, 1, err);
		else
			*err = why;
		goto out;
	}
	if (first)
		(void)str_copy(d->target, sizeof(d->target),
			       plan.target_version[0] ? plan.target_version : plan.current_version);
	if ((first || e->out->mode == OUT_JSON || plan.blocked) &&
	    out_plan(e->out, &plan, true, err) != 0)
		goto out;
	nothing = (plan.target_version[0] == '\0' || plan.path_len == 0) &&
		  !(plan.finishing && plan.action_count > 0);
	if (plan.blocked && d->count > 0) {
		struct out_error error = {"Blocked", "a later step is blocked: see its plan", NULL,
					  0};

		rc = report_partial(e, d, &error, 1, err);
	} else if (plan.blocked) {
		rc = report_blocked(e->out, &plan, err);
	} else if (nothing) {
		rc = report_simple(e->out, &plan, "UpToDate", NULL, NULL, EXIT_OK, err);
	} else if (!cli->approve) {
		rc = report_simple(e->out, &plan, "NotApproved", NULL, NULL, EXIT_OK, err);
	} else if (engine_plan_step(&plan, &step, err) == 0) {
		rc = run_actions(e, cli, &plan, &step, d, more, err);
	}
out:
	engine_step_free(&step);
	eks_state_free(&state);
	plan_free(&plan);
	return rc;
}

int verb_rollback(const struct cli *cli, struct err *err)
{
	return verb_apply(cli, err);
}

int verb_apply(const struct cli *cli, struct err *err)
{
	struct session session;
	struct out out;
	struct engine engine;
	struct done done = {.cli = cli};
	bool more = true;
	int rc = -1;

	options_out(cli, &out);
	engine = options_engine(cli, &session.client, &out, clock_monotonic_ms());
	if (session_open(&session, cli, err) != 0)
		goto out;
	session.client.deadline_ms = engine.deadline_ms;
	for (int steps = 0; more; steps++) {
		rc = run_step(&engine, cli, steps == 0, &done, &more, err);
		if (rc != EXIT_OK)
			break;
	}
out:
	if (rc < 0)
		engine_report_failure(&engine, done.update_id, err);
	free(done.actions);
	session_close(&session);
	return rc;
}
