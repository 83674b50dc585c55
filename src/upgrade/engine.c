#include "upgrade/engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "upgrade/kube.h"
#include "util/clock.h"
#include "util/str.h"

/* How long engine_wait_active waits for ACTIVE after a Successful update. */
#define CONFIRM_ACTIVE_MS 60000

int engine_plan_step(const struct plan *plan, struct step *step, struct err *err)
{
	size_t n = 0;

	memset(step, 0, sizeof(*step));
	(void)str_copy(step->version, sizeof(step->version),
		       plan->path_len > 0 ? plan->path[0] : plan->current_version);
	for (size_t i = 0; i < plan->action_count; i++)
		if (plan->actions[i].step == 0)
			n++;
	step->actions = calloc(n ? n : 1, sizeof(*step->actions));
	if (step->actions == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	for (size_t i = 0; i < plan->action_count; i++) {
		const struct plan_action *p = &plan->actions[i];
		struct action *a = &step->actions[step->action_count];

		if (p->step != 0)
			continue;
		a->type = p->type;
		(void)str_copy(a->name, sizeof(a->name), p->name);
		(void)str_copy(a->from, sizeof(a->from), p->from);
		(void)str_copy(a->to, sizeof(a->to), p->to);
		if (p->type == ACTION_CONTROL_PLANE && plan->adoptable)
			(void)str_copy(a->adopt_id, sizeof(a->adopt_id),
				       plan->update_in_progress.id);
		a->rollback = p->type == ACTION_CONTROL_PLANE && plan->kind == PLAN_KIND_ROLLBACK;
		step->action_count++;
	}
	return 0;
}

void engine_step_free(struct step *step)
{
	if (step == NULL)
		return;
	free(step->actions);
	step->actions = NULL;
	step->action_count = 0;
}

enum eks_subject engine_subject(const struct action *a)
{
	return a->type == ACTION_ADDON	     ? EKS_SUBJECT_ADDON
	       : a->type == ACTION_NODEGROUP ? EKS_SUBJECT_NODEGROUP
					     : EKS_SUBJECT_CLUSTER;
}

/* Is the update `u` of the action's add-on or node group this very change?
 * An add-on's names the version (AddonVersion); a node group's is a
 * VersionUpdate to it (not a config update, not another version). */
static bool makes_change(const struct action *a, const struct eks_update *u)
{
	if (a->type == ACTION_ADDON)
		return strcmp(u->addon_version, a->to) == 0;
	return strcmp(u->type, "VersionUpdate") == 0 && strcmp(u->version, a->to) == 0;
}

/* Waits, within the deadline, for update `id` of the action's subject to
 * end. 0 when it has, -1 on an error, a signal or the deadline. */
static int wait_subject_update(struct engine *e, struct action *a, const char *id,
			       const struct err *refusal, struct err *err)
{
	for (;;) {
		int64_t now = clock_monotonic_ms();
		struct eks_update other;
		struct err describe_err;

		err_clear(&describe_err);
		memset(&other, 0, sizeof(other));
		if (eks_describe_update_of(e->aws, e->cluster, engine_subject(a), a->name, id,
					   &other, &describe_err) != 0) {
			if (!other.result.attempted || !other.result.transient) {
				*err = describe_err;
				return -1;
			}
		} else if (follow_update_ended(other.status)) {
			return 0;
		}
		if (now >= e->deadline_ms)
			return err_set(err, EXIT_BLOCKED,
				       "%s; update %s still holds %s %s at the deadline (run the "
				       "same apply again once it has ended)",
				       refusal->message, id,
				       a->type == ACTION_ADDON ? "add-on" : "node group", a->name);
		if (clock_sleep_ms(follow_next_wait_ms(e->interval_ms, clock_random_u32(), now,
						       e->deadline_ms),
				   e->aws->cancel) != 0)
			return aws_interrupted(e->aws, err);
	}
}

/* An add-on or node group whose start EKS refused with ResourceInUse: the
 * newest update of it still running is adopted (1) when it makes this very
 * change; any other is waited for (within the deadline) and 0 says to
 * start again, as settle_in_use does for the cluster. -1 on an error, the
 * deadline, or when EKS lists none running and none was waited for. */
static int settle_subject(struct engine *e, struct action *a, bool waited,
			  const struct err *refusal, struct err *err)
{
	struct eks_state state;
	const struct eks_update *found = NULL;
	char id[sizeof(a->update.id)];
	const char *what = a->type == ACTION_ADDON ? "add-on" : "node group";
	int rc = -1;

	memset(&state, 0, sizeof(state));
	if (eks_read_updates_of(e->aws, e->cluster, engine_subject(a), a->name, &state, err) != 0)
		goto out;
	for (size_t i = 0; i < state.update_count; i++) {
		const struct eks_update *u = &state.updates[i];

		if (u->result.ok && !follow_update_ended(u->status) &&
		    (found == NULL || u->created_at > found->created_at))
			found = u;
	}
	if (found == NULL) {
		/* The one waited for has ended and EKS still said busy: again. */
		rc = waited
			 ? 0
			 : err_set(err, EXIT_BLOCKED,
				   "%s %s: EKS says an update is in progress, but none is listed",
				   what, a->name);
		goto out;
	}
	if (makes_change(a, found)) {
		a->update = *found;
		a->start = ACTION_ADOPTED;
		rc = 1;
		goto out;
	}
	(void)str_copy(id, sizeof(id), found->id);
	out_warning(e->out,
		    "%s %s has update %s (%s%s%s) in progress; waiting for it to end, then "
		    "starting %s → %s",
		    what, a->name, id, found->type[0] ? found->type : "unknown type",
		    found->addon_version[0] || found->version[0] ? " to " : "",
		    found->addon_version[0] ? found->addon_version : found->version, a->from,
		    a->to);
	rc = wait_subject_update(e, a, id, refusal, err);
out:
	eks_state_free(&state);
	return rc;
}

/* Starts an add-on or node group update (or adopts the one running that
 * makes this change, or waits for another to end) and announces it with
 * action-started. */
static int start_subject(struct engine *e, struct action *a, struct err *err)
{
	char token[37];

	if (eks_uuid4(token, err) != 0)
		return -1;
	for (int tries = 0;; tries++) {
		struct err start_err;
		int rc, settled;

		err_clear(&start_err);
		memset(&a->update, 0, sizeof(a->update));
		rc = a->type == ACTION_ADDON
			 ? eks_update_addon(e->aws, e->cluster, a->name, a->to, e->addon_conflicts,
					    token, &a->update, &start_err)
			 : eks_update_nodegroup_version(e->aws, e->cluster, a->name, a->to, token,
							&a->update, &start_err);
		if (rc == 0) {
			a->start = ACTION_STARTED;
			break;
		}
		if (!a->update.result.attempted || a->update.result.ok ||
		    strcmp(a->update.result.code, "ResourceInUseException") != 0 ||
		    tries >= ENGINE_IN_USE_RETRIES) {
			*err = start_err;
			if (a->update.result.attempted && !a->update.result.ok)
				err->exit_code = engine_start_error_code(a->update.result.code);
			return -1;
		}
		settled = settle_subject(e, a, tries > 0, &start_err, err);
		if (settled < 0)
			return -1;
		if (settled == 1)
			break;
	}
	a->since_ms = clock_monotonic_ms();
	{
		struct out_action ev = {plan_action_type_name(a->type),
					a->name,
					a->from,
					a->to,
					a->update.id,
					"InProgress",
					a->start == ACTION_ADOPTED};

		return out_action(e->out, &ev, false, err);
	}
}

int engine_start_error_code(const char *aws_error_code)
{
	static const char *const blocked[] = {"InvalidParameterException", "InvalidStateException",
					      "ResourceInUseException", "InvalidRequestException"};

	for (size_t i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
		if (strcmp(aws_error_code, blocked[i]) == 0)
			return EXIT_BLOCKED;
	return EXIT_RUNTIME;
}

static void resume_command(const struct engine *e, struct action *a)
{
	if (out_resume_command(a->resume, sizeof(a->resume), e->cluster, e->aws->region, e->profile,
			       a->type == ACTION_CONTROL_PLANE ? a->update.id : NULL) != 0)
		(void)str_copy(a->resume, sizeof(a->resume), "eks-upgrade poll --cluster ...");
}

/* A signal while UpdateClusterVersion was in flight: EKS may have started
 * the update without our seeing its id. Say so, and how to find it. */
static int interrupted_while_starting(const struct engine *e, const struct err *signal_err,
				      struct err *err)
{
	char find[ENGINE_RESUME_MAX];

	if (out_resume_command(find, sizeof(find), e->cluster, e->aws->region, e->profile, NULL) !=
	    0)
		(void)str_copy(find, sizeof(find), "eks-upgrade poll --cluster ...");
	*err = *signal_err;
	(void)str_fmt(err->message, sizeof(err->message),
		      "interrupted while UpdateClusterVersion was in flight: an update may have "
		      "started; find it and follow it with: %s",
		      find);
	return -1;
}

/* The first update id (a UUID) in an EKS message, or "". */
void engine_update_id_in(const char *message, char *out, size_t cap)
{
	if (cap > 0)
		out[0] = '\0';
	for (const char *p = message; *p != '\0'; p++) {
		size_t i;

		for (i = 0; i < 36; i++) {
			char c = p[i];
			bool dash = i == 8 || i == 13 || i == 18 || i == 23;

			if (dash ? c != '-'
				 : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
				     (c >= 'A' && c <= 'F')))
				break;
		}
		if (i == 36) {
			(void)str_fmt(out, cap, "%.36s", p);
			return;
		}
	}
}

/* After a 409 naming update `id`: adopt it when it is this very version
 * change, else wait (within the deadline) for it to end. Returns 1 when
 * adopted, 0 to try the start again, -1 on an error or the deadline. */
static int settle_in_use(struct engine *e, struct action *a, const char *id,
			 const struct err *refusal, struct err *err)
{
	struct eks_update other;
	bool said = false;

	for (;;) {
		int64_t now = clock_monotonic_ms();
		struct err describe_err;

		err_clear(&describe_err);
		memset(&other, 0, sizeof(other));
		if (eks_describe_update(e->aws, e->cluster, id, &other, &describe_err) != 0) {
			if (!other.result.attempted || !other.result.transient) {
				*err = describe_err;
				return -1;
			}
		} else if (follow_update_ended(other.status)) {
			return 0;
		} else if ((strcmp(other.type, "VersionUpdate") == 0 ||
			    strcmp(other.type, "VersionRollback") == 0) &&
			   strcmp(other.version, a->to) == 0) {
			a->update = other;
			return 1;
		} else if (!said) {
			out_warning(
			    e->out,
			    "EKS says update %s (%s) is in progress; waiting for it to end, "
			    "then starting %s → %s",
			    id, other.type[0] ? other.type : "unknown type", a->from, a->to);
			said = true;
		}
		if (now >= e->deadline_ms)
			return err_set(err, EXIT_BLOCKED,
				       "%s; update %s still holds the cluster at the deadline (run "
				       "the same apply again once it has ended)",
				       refusal->message, id);
		if (clock_sleep_ms(follow_next_wait_ms(e->interval_ms, clock_random_u32(), now,
						       e->deadline_ms),
				   e->aws->cancel) != 0)
			return aws_interrupted(e->aws, err);
	}
}

int engine_start(struct engine *e, struct action *a, struct err *err)
{
	char token[37], other_id[40];
	int in_use_retries = 0;

	if (a->type != ACTION_CONTROL_PLANE)
		return start_subject(e, a, err);

	memset(&a->update, 0, sizeof(a->update));
	if (a->adopt_id[0] != '\0') {
		a->start = ACTION_ADOPTED;
		(void)str_copy(a->update.id, sizeof(a->update.id), a->adopt_id);
	} else {
		/* One token per logical start, reused by every retry of the call
		 * (also after a 409), so EKS starts it at most once. */
		if (eks_uuid4(token, err) != 0)
			return -1;
		for (;;) {
			struct err start_err;
			int settled;

			err_clear(&start_err);
			if (eks_update_cluster_version(e->aws, e->cluster, a->to, e->force,
						       a->rollback ? e->rollback_timeout_minutes
								   : 0,
						       token, &a->update, &start_err) == 0) {
				a->start = ACTION_STARTED;
				break;
			}
			if (start_err.exit_code == EXIT_SIGINT ||
			    start_err.exit_code == EXIT_SIGTERM)
				return interrupted_while_starting(e, &start_err, err);
			if (!a->update.result.attempted || a->update.result.ok ||
			    strcmp(a->update.result.code, "ResourceInUseException") != 0) {
				*err = start_err;
				if (a->update.result.attempted && !a->update.result.ok)
					err->exit_code =
					    engine_start_error_code(a->update.result.code);
				return -1;
			}
			/* 409 (SPEC §7): another update holds the cluster. */
			engine_update_id_in(a->update.result.message, other_id, sizeof(other_id));
			if (other_id[0] != '\0') {
				settled = settle_in_use(e, a, other_id, &start_err, err);
				if (settled < 0)
					return -1;
				if (settled == 1) {
					a->start = ACTION_ADOPTED;
					break;
				}
			}
			/* No id, or the update it named has ended while EKS still says
			 * busy (containers-roadmap #2677): a bounded retry. */
			if (++in_use_retries > ENGINE_IN_USE_RETRIES ||
			    clock_monotonic_ms() >= e->deadline_ms) {
				*err = start_err;
				err->exit_code = EXIT_BLOCKED;
				return -1;
			}
			{
				int64_t wait = 5000LL << (in_use_retries - 1);
				int64_t left = e->deadline_ms - clock_monotonic_ms();

				if (wait > left)
					wait = left;
				out_warning(e->out,
					    "EKS says the cluster has an update in progress (%s); "
					    "trying again in %lld s (%d of %d)",
					    a->update.result.message, (long long)(wait / 1000),
					    in_use_retries, ENGINE_IN_USE_RETRIES);
				if (clock_sleep_ms(wait, e->aws->cancel) != 0)
					return aws_interrupted(e->aws, err);
			}
			memset(&a->update, 0, sizeof(a->update));
		}
	}
	a->since_ms = clock_monotonic_ms();
	resume_command(e, a);
	{
		struct out_update_start start = {a->start == ACTION_ADOPTED, a->update.id, a->from,
						 a->to, a->resume};

		return out_update_start(e->out, &start, err);
	}
}

int engine_follow(struct engine *e, struct action *a, struct err *err)
{
	struct follow f = {e->cluster,	   a->update.id[0] ? a->update.id : a->adopt_id,
			   e->deadline_ms, e->interval_ms,
			   a->since_ms,	   engine_subject(a),
			   a->name};
	int rc;

	if (a->resume[0] == '\0') {
		(void)str_copy(a->update.id, sizeof(a->update.id), f.update_id);
		f.update_id = a->update.id;
		resume_command(e, a);
	}
	rc = follow_update(e->aws, e->out, &f, &a->update, &a->outcome, err);
	if (rc == 0 && a->type != ACTION_CONTROL_PLANE && a->outcome == FOLLOW_ENDED) {
		struct out_action ev = {plan_action_type_name(a->type),
					a->name,
					a->from,
					a->to,
					a->update.id,
					a->update.status,
					false};

		rc = out_action(e->out, &ev, true, err);
	}
	return rc;
}

int engine_wait_active(struct engine *e, struct eks_cluster *cluster, struct err *err)
{
	int64_t until = clock_monotonic_ms() + CONFIRM_ACTIVE_MS;
	int64_t nap = e->interval_ms < 5000 ? e->interval_ms : 5000;

	if (e->deadline_ms > 0 && until > e->deadline_ms)
		until = e->deadline_ms;
	for (;;) {
		if (eks_describe_cluster(e->aws, e->cluster, cluster, err) != 0)
			return -1;
		if (strcmp(cluster->status, "UPDATING") != 0 || clock_monotonic_ms() >= until)
			return 0;
		if (clock_sleep_ms(nap, e->aws->cancel) != 0)
			return 0;
	}
}

/* Asks the API server itself which version it runs now. Unreachable (a
 * private endpoint, no route from here) is a note, never a failure. */
static void confirm_api_server(struct engine *e, const struct eks_cluster *cluster)
{
	char version[128], why[512];

	if (kube_server_version(e->aws, cluster, version, sizeof(version), why, sizeof(why)) == 0) {
		if (!e->out->quiet)
			out_text_line(e->out, OUT_INFO, "the API server answers /version: %s",
				      version);
		aws_debug(e->aws, "API server /version: %s", version);
	} else {
		out_warning(e->out,
			    "could not ask the API server for its version (%s); EKS reports %s",
			    why, cluster->version);
	}
}

int engine_report(struct engine *e, const struct action *a, struct err *err)
{
	const struct eks_update *update = &a->update;
	struct out_error errors[EKS_MAX_UPDATE_ERRORS];
	const char *ids[EKS_MAX_UPDATE_ERRORS][EKS_MAX_RESOURCE_IDS];
	struct out_result result = {
	    .update_id = update->id,
	    .status = update->status,
	    .cluster = e->cluster,
	    .resume_command = a->resume,
	    .timeout_ms = e->timeout_ms,
	};
	struct eks_cluster cluster;
	char until[32] = "", rollback[ENGINE_RESUME_MAX] = "";

	memset(&cluster, 0, sizeof(cluster));
	if (a->type == ACTION_CONTROL_PLANE && a->outcome == FOLLOW_ENDED &&
	    strcmp(update->status, "Successful") == 0 &&
	    strcmp(update->type, "VersionUpdate") == 0 &&
	    engine_rollback_hint(e, update, until, sizeof(until), rollback, sizeof(rollback)) ==
		0) {
		result.rollback_until = until;
		result.rollback_command = rollback;
	}
	if (a->outcome == FOLLOW_TIMED_OUT) {
		result.status = "TimedOut";
		result.exit_code = EXIT_TIMEOUT;
	} else if (a->outcome == FOLLOW_INTERRUPTED) {
		result.status = "Interrupted";
		result.exit_code = err_signal_exit_code(e->aws->cancel ? *e->aws->cancel : 0);
	} else if (strcmp(update->status, "Successful") == 0) {
		struct err confirm_err;

		/* Confirm what EKS now says about the cluster. The update has
		 * succeeded whatever this says: a failure here is a warning. */
		err_clear(&confirm_err);
		if (engine_wait_active(e, &cluster, &confirm_err) != 0) {
			out_warning(e->out,
				    "the update is Successful, but the cluster could not be read "
				    "afterwards (%s)",
				    confirm_err.message);
			result.version = update->version[0] ? update->version : NULL;
			result.exit_code = EXIT_OK;
			goto report;
		}
		if (strcmp(cluster.status, "ACTIVE") != 0)
			out_warning(e->out, "the update is Successful but the cluster is still %s",
				    cluster.status);
		result.version = cluster.version;
		result.platform_version = cluster.platform_version;
		confirm_api_server(e, &cluster);
		if (update->version[0] && strcmp(cluster.version, update->version) != 0)
			out_warning(e->out,
				    "the update reports Successful but the cluster says version %s",
				    cluster.version);
		result.exit_code = EXIT_OK;
	} else {
		/* Failed, Cancelled, and any status newer than our model. */
		result.exit_code = EXIT_UPDATE_FAILED;
		for (size_t i = 0; i < update->error_count; i++) {
			const struct eks_update_error *ue = &update->errors[i];

			for (size_t k = 0; k < ue->resource_id_count; k++)
				ids[i][k] = ue->resource_ids[k];
			errors[i] = (struct out_error){ue->code, ue->message, ids[i],
						       ue->resource_id_count};
		}
		result.errors = errors;
		result.error_count = update->error_count;
	}
report:
	if (out_result(e->out, &result, err) != 0)
		return -1;
	return result.exit_code;
}

void engine_report_failure(struct engine *e, const char *update_id, const struct err *failure)
{
	struct out_error error = {"RuntimeError", failure->message, NULL, 0};
	char resume[ENGINE_RESUME_MAX] = "";
	bool stopped = failure->exit_code == EXIT_SIGINT || failure->exit_code == EXIT_SIGTERM;
	struct out_result result = {
	    .update_id = update_id && update_id[0] ? update_id : NULL,
	    .status = stopped ? "Interrupted" : "Error",
	    .cluster = e->cluster,
	    .exit_code = failure->exit_code ? failure->exit_code : EXIT_RUNTIME,
	    .resume_command = resume,
	};
	struct err ignored;

	if (result.update_id != NULL &&
	    out_resume_command(resume, sizeof(resume), e->cluster, e->aws->region, e->profile,
			       update_id) != 0)
		resume[0] = '\0';
	if (!stopped) {
		result.errors = &error;
		result.error_count = 1;
	}
	/* Text: the error line comes from main; only an interruption with a
	 * known update needs its resume line. JSON: the result always ends
	 * the stream (SPEC §5). */
	if (e->out->mode == OUT_JSON || (stopped && result.update_id != NULL)) {
		err_clear(&ignored);
		(void)(out_result(e->out, &result, &ignored) == 0);
	}
}

int engine_rollback_hint(const struct engine *e, const struct eks_update *update, char *until,
			 size_t until_cap, char *command, size_t command_cap)
{
	double closes = update->created_at + ENGINE_ROLLBACK_WINDOW_SECONDS;
	time_t t = closes > 0 && closes <= 253402300799.0 ? (time_t)closes : 0;
	struct tm tm;

	/* A window that has closed offers nothing (poll may report an old
	 * update). */
	if (update->created_at <= 0 || t == 0 || t <= aws_now(e->aws) ||
	    gmtime_r(&t, &tm) == NULL || strftime(until, until_cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return -1;
	return str_fmt(command, command_cap, "eks-upgrade rollback --cluster %s --region %s%s%s",
		       e->cluster, e->aws->region, e->profile ? " --profile " : "",
		       e->profile ? e->profile : "");
}

const struct eks_update *engine_pick_update(const struct eks_state *s)
{
	const struct eks_update *newest_version = NULL;

	for (size_t i = 0; i < s->update_count; i++) {
		const struct eks_update *u = &s->updates[i];

		if (!u->result.ok)
			continue;
		if (!follow_update_ended(u->status)) /* InProgress, or newer than the model */
			return u;
		if ((strcmp(u->type, "VersionUpdate") == 0 ||
		     strcmp(u->type, "VersionRollback") == 0) &&
		    (newest_version == NULL || u->created_at > newest_version->created_at))
			newest_version = u;
	}
	return newest_version;
}
