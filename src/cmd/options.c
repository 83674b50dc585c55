#include "cmd/verbs.h"

void options_out(const struct cli *cli, struct out *out)
{
	out_init(out, cli->output == OUTPUT_JSON ? OUT_JSON : OUT_TEXT);
	out->color = cli->output == OUTPUT_TEXT && out_color_wanted(cli->no_color);
	out->quiet = cli->quiet;
	out->github = out_github_wanted();
}

struct checks_request options_checks(const struct cli *cli)
{
	struct checks_request req = {
	    .cluster = cli->cluster,
	    .has_target = cli->has_target,
	    .target = cli->target,
	    .multi_step = cli->multi_step,
	    .rollback = cli->command == CMD_ROLLBACK,
	    .with_addons = cli->with_addons,
	    .with_nodegroups = cli->with_nodegroups,
	    .force = cli->force,
	    .strict = cli->strict,
	    .refresh_insights = cli->refresh_insights,
	    .support_warn_days = cli->support_warn_days,
	    .no_kube_api = cli->no_kube_api,
	};

	return req;
}

struct engine options_engine(const struct cli *cli, struct aws *aws, struct out *out,
			     int64_t started_ms)
{
	struct engine e = {
	    .aws = aws,
	    .out = out,
	    .cluster = cli->cluster,
	    .profile = cli->profile,
	    .deadline_ms = started_ms + cli->timeout_ms,
	    .interval_ms = cli->poll_interval_ms,
	    .timeout_ms = cli->timeout_ms,
	    .rollback_timeout_minutes = cli->rollback_timeout_minutes,
	    .addon_conflicts = cli->addon_conflicts,
	    .force = cli->force,
	};

	return e;
}
