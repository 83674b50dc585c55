#include "upgrade/engine.h"

#include <stdio.h>
#include <string.h>

#include "upgrade/apiserver.h"
#include "util/clock.h"
#include "util/str.h"

/* How long engine_wait_active waits for ACTIVE after a Successful update. */
#define CONFIRM_ACTIVE_MS 60000

void engine_plan_step(const struct plan *plan, struct step *step)
{
	struct action *a = &step->actions[0];

	memset(step, 0, sizeof(*step));
	(void)str_copy(step->version, sizeof(step->version), plan->path[0]);
	a->type = ACTION_CONTROL_PLANE;
	(void)str_copy(a->name, sizeof(a->name), plan->cluster);
	(void)str_copy(a->from, sizeof(a->from), plan->current_version);
	(void)str_copy(a->to, sizeof(a->to), plan->path[0]);
	if (plan->adoptable)
		(void)str_copy(a->adopt_id, sizeof(a->adopt_id), plan->update_in_progress.id);
	step->action_count = 1;
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
			       a->update.id) != 0)
		(void)str_copy(a->resume, sizeof(a->resume), "eks-upgrade poll --cluster ...");
}

int engine_start(struct engine *e, struct action *a, struct err *err)
{
	char token[37];

	memset(&a->update, 0, sizeof(a->update));
	if (a->adopt_id[0] != '\0') {
		a->start = ACTION_ADOPTED;
		(void)str_copy(a->update.id, sizeof(a->update.id), a->adopt_id);
	} else {
		/* One token per logical start, reused by every retry of the call. */
		if (eks_uuid4(token, err) != 0)
			return -1;
		if (eks_update_cluster_version(e->aws, e->cluster, a->to, e->force, token,
					       &a->update, err) != 0) {
			if (a->update.result.attempted && !a->update.result.ok)
				err->exit_code = engine_start_error_code(a->update.result.code);
			return -1;
		}
		a->start = ACTION_STARTED;
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
	struct follow f = {e->cluster, a->update.id[0] ? a->update.id : a->adopt_id, e->deadline_ms,
			   e->interval_ms, a->since_ms};

	if (a->resume[0] == '\0') {
		(void)str_copy(a->update.id, sizeof(a->update.id), f.update_id);
		f.update_id = a->update.id;
		resume_command(e, a);
	}
	return follow_update(e->aws, e->out, &f, &a->update, &a->outcome, err);
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

	if (apiserver_version(e->aws, cluster, version, sizeof(version), why, sizeof(why)) == 0) {
		if (e->out->mode == OUT_TEXT && !e->out->quiet)
			fprintf(e->out->stdout_file, "[ℹ] the API server answers /version: %s\n",
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

	memset(&cluster, 0, sizeof(cluster));
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

const struct eks_update *engine_pick_update(const struct eks_state *s)
{
	const struct eks_update *newest_version = NULL;

	for (size_t i = 0; i < s->update_count; i++) {
		const struct eks_update *u = &s->updates[i];

		if (!u->result.ok)
			continue;
		if (strcmp(u->status, "InProgress") == 0)
			return u;
		if (strcmp(u->type, "VersionUpdate") == 0 &&
		    (newest_version == NULL || u->created_at > newest_version->created_at))
			newest_version = u;
	}
	return newest_version;
}
