/* plan — read-only: the target version and every pre-flight check, as text
 * or JSON; the exit code tells a pipeline what it found (SPEC §6). */
#include <string.h>

#include "checks.h"
#include "out.h"
#include "verbs.h"

void verb_out_init(const struct cli *cli, struct out *out)
{
	out_init(out, cli->output == OUTPUT_JSON ? OUT_JSON : OUT_TEXT);
	out->color = cli->output == OUTPUT_TEXT && out_color_wanted(cli->no_color);
	out->quiet = cli->quiet;
	out->github = out_github_wanted();
}

struct checks_request verb_checks_request(const struct cli *cli)
{
	struct checks_request req = {
	    .cluster = cli->cluster,
	    .has_target = cli->has_target,
	    .target = cli->target,
	    .multi_step = cli->multi_step,
	    .force = cli->force,
	};

	return req;
}

int verb_plan(const struct cli *cli, struct err *err)
{
	struct aws aws;
	struct plan plan;
	struct eks_state state;
	struct out out;
	struct checks_request req = verb_checks_request(cli);
	int rc = -1;

	memset(&plan, 0, sizeof(plan));
	memset(&state, 0, sizeof(state));
	verb_out_init(cli, &out);
	if (verb_aws_init(cli, &aws, err) != 0 || checks_run(&aws, &req, &plan, &state, err) != 0 ||
	    out_plan(&out, &plan, false, err) != 0)
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
	aws_free(&aws);
	return rc;
}
