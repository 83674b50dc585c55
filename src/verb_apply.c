/* apply — the plan's checks, then (with --approve) start the update or adopt
 * the matching one already running, and follow it to the end. With
 * --multi-step, one update per minor version, every check re-run first. */
#include <stdio.h>
#include <string.h>

#include "apiserver.h"
#include "checks.h"
#include "follow.h"
#include "out.h"
#include "str.h"
#include "verbs.h"

/* Asks the API server itself which version it runs now. Unreachable (a
 * private endpoint, no route from here) is a note, never a failure. */
static void confirm_api_server(struct aws *aws, struct out *out, const struct eks_cluster *cluster)
{
	char version[128], why[512];

	if (apiserver_version(aws, cluster, version, sizeof(version), why, sizeof(why)) == 0) {
		if (out->mode == OUT_TEXT && !out->quiet)
			fprintf(out->stdout_file, "[ℹ] the API server answers /version: %s\n",
				version);
		aws_debug(aws, "API server /version: %s", version);
	} else {
		out_warning(out,
			    "could not ask the API server for its version (%s); EKS reports %s",
			    why, cluster->version);
	}
}

/* DescribeCluster until the cluster is ACTIVE again (its status lags the
 * update's by a little), for at most CONFIRM_ACTIVE_MS or the deadline. */
#define CONFIRM_ACTIVE_MS 60000

static int confirm_active(struct aws *aws, const struct cli *cli, struct eks_cluster *cluster,
			  struct err *err)
{
	int64_t until = follow_now_ms() + CONFIRM_ACTIVE_MS;

	if (aws->deadline_ms > 0 && until > aws->deadline_ms)
		until = aws->deadline_ms;
	for (;;) {
		if (eks_describe_cluster(aws, cli->cluster, cluster, err) != 0)
			return -1;
		if (strcmp(cluster->status, "UPDATING") != 0 || follow_now_ms() >= until)
			return 0;
		if (follow_sleep_ms(cli->poll_interval_ms < 5000 ? cli->poll_interval_ms : 5000) !=
		    0)
			return 0;
	}
}

/* Prints the result of a followed update and returns its exit code. */
int verb_report_update(struct aws *aws, struct out *out, const struct cli *cli,
		       const struct eks_update *update, int outcome, const char *resume,
		       struct err *err)
{
	struct out_error errors[EKS_MAX_UPDATE_ERRORS];
	const char *ids[EKS_MAX_UPDATE_ERRORS][EKS_MAX_RESOURCE_IDS];
	struct out_result result = {
	    .update_id = update->id,
	    .status = update->status,
	    .cluster = cli->cluster,
	    .resume_command = resume,
	    .timeout_ms = cli->timeout_ms,
	};
	struct eks_cluster cluster;

	memset(&cluster, 0, sizeof(cluster));
	if (outcome == FOLLOW_TIMED_OUT) {
		result.status = "TimedOut";
		result.exit_code = EXIT_TIMEOUT;
	} else if (outcome == FOLLOW_INTERRUPTED) {
		result.status = "Interrupted";
		result.exit_code = verb_stop_signal == SIGTERM ? EXIT_SIGTERM : EXIT_SIGINT;
	} else if (strcmp(update->status, "Successful") == 0) {
		/* Confirm what EKS now says about the cluster. */
		if (confirm_active(aws, cli, &cluster, err) != 0)
			return -1;
		if (strcmp(cluster.status, "ACTIVE") != 0)
			out_warning(out, "the update is Successful but the cluster is still %s",
				    cluster.status);
		result.version = cluster.version;
		result.platform_version = cluster.platform_version;
		confirm_api_server(aws, out, &cluster);
		if (update->version[0] && strcmp(cluster.version, update->version) != 0)
			out_warning(out,
				    "the update reports Successful but the cluster says version %s",
				    cluster.version);
		result.exit_code = EXIT_OK;
	} else {
		/* Failed, Cancelled, and any status newer than our model. */
		result.exit_code = EXIT_UPDATE_FAILED;
		for (size_t i = 0; i < update->error_count; i++) {
			const struct eks_update_error *e = &update->errors[i];

			for (size_t k = 0; k < e->resource_id_count; k++)
				ids[i][k] = e->resource_ids[k];
			errors[i] =
			    (struct out_error){e->code, e->message, ids[i], e->resource_id_count};
		}
		result.errors = errors;
		result.error_count = update->error_count;
	}
	if (out_result(out, &result, err) != 0)
		return -1;
	return result.exit_code;
}

void verb_report_failure(struct out *out, const struct cli *cli, const char *region,
			 const char *update_id, const struct err *failure)
{
	struct out_error error = {"RuntimeError", failure->message, NULL, 0};
	char resume[1024] = "";
	bool stopped = failure->exit_code == EXIT_SIGINT || failure->exit_code == EXIT_SIGTERM;
	struct out_result result = {
	    .update_id = update_id && update_id[0] ? update_id : NULL,
	    .status = stopped ? "Interrupted" : "Error",
	    .cluster = cli->cluster,
	    .exit_code = failure->exit_code ? failure->exit_code : EXIT_RUNTIME,
	    .resume_command = resume,
	};
	struct err ignored;

	if (result.update_id != NULL && out_resume_command(resume, sizeof(resume), cli->cluster,
							   region, cli->profile, update_id) != 0)
		resume[0] = '\0';
	if (!stopped) {
		result.errors = &error;
		result.error_count = 1;
	}
	/* Text: the error line comes from main; only an interruption with a
	 * known update needs its resume line. JSON: the result always ends
	 * the stream (SPEC §5). */
	if (out->mode == OUT_JSON || (stopped && result.update_id != NULL)) {
		err_clear(&ignored);
		(void)(out_result(out, &result, &ignored) == 0);
	}
}

/* The plan's failing checks as result errors (status Blocked). */
static int report_blocked(struct out *out, const struct plan *plan, struct err *err)
{
	struct out_error errors[CHECK_COUNT];
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

/* Maps UpdateClusterVersion's refusals to exit codes (SPEC §6): EKS saying
 * the target or the cluster's state is not acceptable is "blocked". */
static int start_error_code(const struct eks_update *u)
{
	static const char *const blocked[] = {"InvalidParameterException", "InvalidStateException",
					      "ResourceInUseException", "InvalidRequestException"};

	for (size_t i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
		if (strcmp(u->result.code, blocked[i]) == 0)
			return EXIT_BLOCKED;
	return EXIT_RUNTIME;
}

/* One step: checks, then start or adopt, then follow. Returns the exit
 * code; *more is set when a later step remains. */
static int run_step(struct aws *aws, struct out *out, const struct cli *cli, int64_t started,
		    bool first, bool *more, char *update_id, size_t update_id_cap, struct err *err)
{
	struct checks_request req = verb_checks_request(cli);
	struct plan plan;
	struct eks_state state;
	struct eks_update update;
	char token[37], resume[1024], step[32];
	enum follow_outcome outcome;
	bool adopted;
	int rc = -1;

	*more = false;
	memset(&update, 0, sizeof(update));
	if (checks_run(aws, &req, &plan, &state, err) != 0)
		goto out;
	if (first || out->mode == OUT_JSON || plan.blocked) {
		if (out_plan(out, &plan, true, err) != 0)
			goto out;
	}
	if (plan.blocked) {
		rc = report_blocked(out, &plan, err);
		goto out;
	}
	if (plan.target_version[0] == '\0' || plan.path_len == 0) {
		rc = report_simple(out, &plan, "UpToDate", NULL, NULL, EXIT_OK, err);
		goto out;
	}
	if (!cli->approve) {
		rc = report_simple(out, &plan, "NotApproved", NULL, NULL, EXIT_OK, err);
		goto out;
	}
	(void)str_copy(step, sizeof(step), plan.path[0]);
	adopted = plan.adoptable;
	if (adopted) {
		(void)str_copy(update.id, sizeof(update.id), plan.update_in_progress.id);
	} else {
		/* One token per logical start, reused by every retry of the call. */
		if (eks_uuid4(token, err) != 0)
			goto out;
		if (eks_update_cluster_version(aws, cli->cluster, step, cli->force, token, &update,
					       err) != 0) {
			if (update.result.attempted && !update.result.ok)
				err->exit_code = start_error_code(&update);
			goto out;
		}
	}
	if (out_resume_command(resume, sizeof(resume), cli->cluster, aws->region, cli->profile,
			       update.id) != 0)
		(void)str_copy(resume, sizeof(resume), "eks-upgrade poll --cluster ...");
	{
		struct out_update_start start = {adopted, update.id, plan.current_version, step,
						 resume};

		if (out_update_start(out, &start, err) != 0)
			goto out;
	}
	(void)str_copy(update_id, update_id_cap, update.id);
	if (cli->no_wait) {
		rc = report_simple(out, &plan, "InProgress", update.id, resume, EXIT_OK, err);
		goto out;
	}
	{
		struct follow f = {cli->cluster, update.id, started + cli->timeout_ms,
				   cli->poll_interval_ms, follow_now_ms()};

		if (follow_update(aws, out, &f, &update, &outcome, err) != 0)
			goto out;
	}
	if (outcome == FOLLOW_ENDED && strcmp(update.status, "Successful") == 0 &&
	    plan.path_len > 1) {
		/* A step of several: say so, then plan the next one afresh, once
		 * the cluster reads ACTIVE again (its status lags the update's). */
		struct eks_cluster cluster;

		if (confirm_active(aws, cli, &cluster, err) != 0)
			goto out;
		if (out->mode == OUT_TEXT)
			fprintf(out->stdout_file, "[✔] step %s → %s done (update %s)\n",
				plan.current_version, step, update.id);
		*more = true;
		rc = EXIT_OK;
		goto out;
	}
	rc = verb_report_update(aws, out, cli, &update, outcome, resume, err);
out:
	eks_state_free(&state);
	plan_free(&plan);
	return rc;
}

int verb_apply(const struct cli *cli, struct err *err)
{
	struct aws aws;
	struct out out;
	int64_t started = follow_now_ms();
	char update_id[128] = "";
	bool more = true;
	int rc = -1;

	verb_out_init(cli, &out);
	if (verb_aws_init(cli, &aws, err) != 0)
		goto out;
	aws.deadline_ms = started + cli->timeout_ms;
	for (int steps = 0; more; steps++) {
		rc = run_step(&aws, &out, cli, started, steps == 0, &more, update_id,
			      sizeof(update_id), err);
		if (rc != EXIT_OK)
			break;
	}
out:
	if (rc < 0)
		verb_report_failure(&out, cli, aws.region, update_id, err);
	aws_free(&aws);
	return rc;
}
