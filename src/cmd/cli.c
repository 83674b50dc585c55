#include "cmd/cli.h"

#include <stdlib.h>
#include <string.h>

#include "util/duration.h"
#include "util/str.h"

/* Which commands take an option. */
#define ON_PLAN (1u << CMD_PLAN)
#define ON_APPLY (1u << CMD_APPLY)
#define ON_POLL (1u << CMD_POLL)
#define ON_WHOAMI (1u << CMD_WHOAMI)
#define ON_TOKEN (1u << CMD_TOKEN)
#define ON_ROLLBACK (1u << CMD_ROLLBACK)
#define ON_VERSION (1u << CMD_VERSION)
#define ON_COMMON (ON_PLAN | ON_APPLY | ON_POLL | ON_WHOAMI | ON_TOKEN | ON_ROLLBACK)
/* What changes the cluster, and what runs the checks. */
#define ON_CHANGE (ON_APPLY | ON_ROLLBACK)
#define ON_CHECKS (ON_PLAN | ON_APPLY | ON_ROLLBACK)

enum option_id {
	OPT_ADDON_CONFLICTS,
	OPT_APPROVE,
	OPT_CLUSTER,
	OPT_DEBUG,
	OPT_DETAILED_EXITCODE,
	OPT_FORCE,
	OPT_HELP,
	OPT_MULTI_STEP,
	OPT_NO_COLOR,
	OPT_NO_KUBE_API,
	OPT_NO_WAIT,
	OPT_NODEGROUP_PARALLELISM,
	OPT_OUTPUT,
	OPT_POLL_INTERVAL,
	OPT_PROFILE,
	OPT_QUIET,
	OPT_REFRESH_INSIGHTS,
	OPT_REGION,
	OPT_ROLLBACK_TIMEOUT,
	OPT_STRICT,
	OPT_SUPPORT_WARN_DAYS,
	OPT_TIMEOUT,
	OPT_TO,
	OPT_UPDATE_ID,
	OPT_WITH_ADDONS,
	OPT_WITH_NODEGROUPS,
};

struct option {
	const char *name;
	enum option_id id;
	bool takes_value;
	unsigned commands;
};

/* Sorted by name. --name and --version are eksctl's spellings. */
static const struct option options[] = {
    {"--addon-conflicts", OPT_ADDON_CONFLICTS, true, ON_CHECKS},
    {"--approve", OPT_APPROVE, false, ON_CHANGE},
    {"--cluster", OPT_CLUSTER, true, ON_CHECKS | ON_POLL | ON_TOKEN},
    {"--debug", OPT_DEBUG, false, ON_COMMON},
    {"--detailed-exitcode", OPT_DETAILED_EXITCODE, false, ON_PLAN},
    {"--force", OPT_FORCE, false, ON_CHANGE},
    {"--help", OPT_HELP, false, ~0u},
    {"--multi-step", OPT_MULTI_STEP, false, ON_PLAN | ON_APPLY},
    {"--name", OPT_CLUSTER, true, ON_CHECKS | ON_POLL | ON_TOKEN},
    {"--no-color", OPT_NO_COLOR, false, ON_COMMON},
    {"--no-kube-api", OPT_NO_KUBE_API, false, ON_CHECKS},
    {"--no-wait", OPT_NO_WAIT, false, ON_CHANGE},
    {"--nodegroup-parallelism", OPT_NODEGROUP_PARALLELISM, true, ON_CHECKS},
    {"--output", OPT_OUTPUT, true, ON_COMMON | ON_VERSION},
    {"--poll-interval", OPT_POLL_INTERVAL, true, ON_CHANGE | ON_POLL},
    {"--profile", OPT_PROFILE, true, ON_COMMON},
    {"--quiet", OPT_QUIET, false, ON_COMMON},
    {"--refresh-insights", OPT_REFRESH_INSIGHTS, false, ON_CHECKS},
    {"--region", OPT_REGION, true, ON_COMMON},
    {"--rollback-timeout", OPT_ROLLBACK_TIMEOUT, true, ON_CHANGE},
    {"--strict", OPT_STRICT, false, ON_CHECKS},
    {"--support-warn-days", OPT_SUPPORT_WARN_DAYS, true, ON_CHECKS},
    {"--timeout", OPT_TIMEOUT, true, ON_COMMON},
    {"--to", OPT_TO, true, ON_PLAN | ON_APPLY},
    {"--update-id", OPT_UPDATE_ID, true, ON_POLL},
    {"--version", OPT_TO, true, ON_PLAN | ON_APPLY},
    {"--with-addons", OPT_WITH_ADDONS, false, ON_CHECKS},
    {"--with-nodegroups", OPT_WITH_NODEGROUPS, false, ON_CHECKS},
    {"-h", OPT_HELP, false, ~0u},
};

static const char *const command_names[] = {
    [CMD_NONE] = "",	       [CMD_PLAN] = "plan",	[CMD_APPLY] = "apply",
    [CMD_POLL] = "poll",       [CMD_WHOAMI] = "whoami", [CMD_TOKEN] = "token",
    [CMD_VERSION] = "version", [CMD_HELP] = "help",	[CMD_ROLLBACK] = "rollback",
};

const char *cli_command_name(enum cli_command command)
{
	return command_names[command];
}

static enum cli_command command_by_name(const char *name)
{
	for (size_t i = 1; i < sizeof(command_names) / sizeof(command_names[0]); i++)
		if (strcmp(name, command_names[i]) == 0)
			return (enum cli_command)i;
	return CMD_NONE;
}

static const struct option *option_by_name(const char *name, size_t len)
{
	size_t lo = 0, hi = sizeof(options) / sizeof(options[0]);

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strncmp(options[mid].name, name, len);

		if (c == 0 && options[mid].name[len] != '\0')
			c = 1;
		if (c == 0)
			return &options[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int usage(struct err *err, enum cli_command command, const char *what, const char *detail)
{
	const char *topic = command == CMD_NONE ? "" : cli_command_name(command);

	return err_set(err, EXIT_USAGE, "%s%s (see eks-upgrade help%s%s)", what, detail,
		       *topic ? " " : "", topic);
}

/* A cluster name as EKS allows it: 1..100 of [0-9A-Za-z_-], first alnum. */
static bool valid_cluster_name(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n > 100)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		bool alnum =
		    (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

		if (!alnum && (i == 0 || (c != '-' && c != '_')))
			return false;
	}
	return true;
}

/* An update id goes into the request path: EKS's are UUIDs. Nothing that
 * could be read as another path ("..", "a/b", "") gets through. */
static bool valid_update_id(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 128 || strspn(id, ".") == n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      c == '-' || c == '_' || c == '.'))
			return false;
	}
	return true;
}

static int set_value(struct cli *cli, const struct option *opt, const char *value,
		     enum cli_command shown, struct err *err)
{
	char what[160];
	int64_t ms;

	switch (opt->id) {
	case OPT_CLUSTER:
		if (!valid_cluster_name(value))
			return usage(err, shown, "invalid cluster name: ", value);
		cli->cluster = value;
		break;
	case OPT_REGION:
		cli->region = value;
		break;
	case OPT_PROFILE:
		cli->profile = value;
		break;
	case OPT_UPDATE_ID:
		if (!valid_update_id(value))
			return usage(
			    err, shown,
			    "--update-id must be 1 to 128 of letters, digits, '-', '_' and "
			    "'.', not only dots: ",
			    value);
		cli->update_id = value;
		break;
	case OPT_OUTPUT:
		if (strcmp(value, "text") == 0)
			cli->output = OUTPUT_TEXT;
		else if (strcmp(value, "json") == 0)
			cli->output = OUTPUT_JSON;
		else
			return usage(err, shown, "--output must be text or json, not ", value);
		break;
	case OPT_TO:
		if (k8s_version_parse(value, &cli->target) != 0) {
			(void)str_fmt(what, sizeof(what), "invalid version for %s: ", opt->name);
			return usage(err, shown, what, value);
		}
		cli->has_target = true;
		break;
	case OPT_SUPPORT_WARN_DAYS: {
		char *end;
		long days = strtol(value, &end, 10);

		if (*value < '0' || *value > '9' || *end != '\0' ||
		    days > CLI_MAX_SUPPORT_WARN_DAYS)
			return usage(err, shown,
				     "--support-warn-days must be a number of days from 0 to 3650, "
				     "not ",
				     value);
		cli->support_warn_days = (int)days;
		break;
	}
	case OPT_ADDON_CONFLICTS:
		if (strcmp(value, "preserve") == 0)
			cli->addon_conflicts = "PRESERVE";
		else if (strcmp(value, "overwrite") == 0)
			cli->addon_conflicts = "OVERWRITE";
		else if (strcmp(value, "none") == 0)
			cli->addon_conflicts = "NONE";
		else
			return usage(err, shown,
				     "--addon-conflicts must be preserve, overwrite or none, not ",
				     value);
		break;
	case OPT_NODEGROUP_PARALLELISM: {
		char *end;
		long n = strtol(value, &end, 10);

		if (*value < '0' || *value > '9' || *end != '\0' || n < 1 || n > 100)
			return usage(err, shown,
				     "--nodegroup-parallelism must be a number from 1 to 100, not ",
				     value);
		cli->nodegroup_parallelism = (int)n;
		break;
	}
	case OPT_ROLLBACK_TIMEOUT:
		/* rollbackConfig.timeoutMinutes: 120 to 10080 (SPEC §10). */
		if (duration_parse_ms(value, &ms) != 0 || ms < 2LL * 3600 * 1000 ||
		    ms > 7LL * 24 * 3600 * 1000)
			return usage(
			    err, shown,
			    "--rollback-timeout must be a duration from 2h to 7d (like 12h), "
			    "not ",
			    value);
		cli->rollback_timeout_minutes = (int)(ms / 60000);
		break;
	case OPT_TIMEOUT:
	case OPT_POLL_INTERVAL:
		if (duration_parse_ms(value, &ms) != 0) {
			(void)str_fmt(
			    what, sizeof(what),
			    "invalid duration for %s (like 30s, 10m, 1h30m): ", opt->name);
			return usage(err, shown, what, value);
		}
		if (opt->id == OPT_TIMEOUT) {
			if (ms <= 0)
				return usage(err, shown, "--timeout must be above zero: ", value);
			cli->timeout_ms = ms;
			cli->timeout_given = true;
		} else {
			if (ms < CLI_MIN_POLL_INTERVAL_MS)
				return usage(err, shown,
					     "--poll-interval must be at least 100ms: ", value);
			cli->poll_interval_ms = ms;
		}
		break;
	default:
		break;
	}
	return 0;
}

static void set_flag(struct cli *cli, enum option_id id)
{
	switch (id) {
	case OPT_APPROVE:
		cli->approve = true;
		break;
	case OPT_DEBUG:
		cli->debug = true;
		break;
	case OPT_DETAILED_EXITCODE:
		cli->detailed_exitcode = true;
		break;
	case OPT_FORCE:
		cli->force = true;
		break;
	case OPT_MULTI_STEP:
		cli->multi_step = true;
		break;
	case OPT_NO_COLOR:
		cli->no_color = true;
		break;
	case OPT_NO_KUBE_API:
		cli->no_kube_api = true;
		break;
	case OPT_NO_WAIT:
		cli->no_wait = true;
		break;
	case OPT_QUIET:
		cli->quiet = true;
		break;
	case OPT_REFRESH_INSIGHTS:
		cli->refresh_insights = true;
		break;
	case OPT_STRICT:
		cli->strict = true;
		break;
	case OPT_WITH_ADDONS:
		cli->with_addons = true;
		break;
	case OPT_WITH_NODEGROUPS:
		cli->with_nodegroups = true;
		break;
	default:
		break;
	}
}

int cli_parse(int argc, char **argv, struct cli *cli, struct err *err)
{
	const struct option *seen[32];
	size_t nseen = 0;
	bool help = false;
	int i = 1;

	memset(cli, 0, sizeof(*cli));
	cli->timeout_ms = CLI_DEFAULT_TIMEOUT_MS;
	cli->poll_interval_ms = CLI_DEFAULT_POLL_INTERVAL_MS;
	cli->support_warn_days = CLI_DEFAULT_SUPPORT_WARN_DAYS;
	cli->addon_conflicts = "PRESERVE";
	cli->nodegroup_parallelism = 1;

	if (argc < 2) {
		cli->command = CMD_HELP;
		return 0;
	}
	if (argc == 2 && strcmp(argv[1], "--version") == 0) {
		cli->command = CMD_VERSION;
		return 0;
	}
	if (argv[1][0] != '-') {
		cli->command = command_by_name(argv[1]);
		if (cli->command == CMD_NONE)
			return usage(err, CMD_NONE, "unknown command: ", argv[1]);
		i = 2;
	}
	if (cli->command == CMD_HELP) {
		if (argc > 3)
			return usage(err, CMD_NONE, "help takes at most one command", "");
		if (argc == 3) {
			if (command_by_name(argv[2]) == CMD_NONE)
				return usage(err, CMD_NONE,
					     "no help for unknown command: ", argv[2]);
			cli->help_topic = argv[2];
		}
		return 0;
	}

	/* -h / --help anywhere wins over every error in the other arguments
	 * (SPEC §2), so it is looked for first. */
	for (int k = i; cli->command != CMD_NONE && k < argc; k++) {
		if (strcmp(argv[k], "-h") == 0 || strcmp(argv[k], "--help") == 0) {
			cli->help_topic = cli_command_name(cli->command);
			cli->command = CMD_HELP;
			return 0;
		}
	}
	for (; i < argc; i++) {
		const char *arg = argv[i], *eq, *value = NULL;
		const struct option *opt;
		size_t len;

		if (arg[0] != '-' || arg[1] == '\0')
			return usage(err, cli->command, "unexpected argument: ", arg);
		eq = strchr(arg, '=');
		len = eq != NULL ? (size_t)(eq - arg) : strlen(arg);
		opt = option_by_name(arg, len);
		if (opt == NULL) {
			char name[64];

			(void)str_fmt(name, sizeof(name), "%.*s", (int)(len < 60 ? len : 60), arg);
			return usage(err, cli->command, "unknown option: ", name);
		}
		if (opt->id == OPT_HELP) {
			help = true;
			continue;
		}
		if (cli->command != CMD_NONE && !(opt->commands & (1u << cli->command))) {
			char what[128];

			(void)str_fmt(what, sizeof(what), "%s does not take %s",
				      cli_command_name(cli->command), opt->name);
			return usage(err, cli->command, what, "");
		}
		if (opt->takes_value) {
			if (eq != NULL)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return usage(err, cli->command, "missing value for ", opt->name);
			if (set_value(cli, opt, value, cli->command, err) != 0)
				return -1;
		} else {
			if (eq != NULL)
				return usage(err, cli->command, "takes no value: ", opt->name);
			set_flag(cli, opt->id);
		}
		if (nseen < sizeof(seen) / sizeof(seen[0]))
			seen[nseen++] = opt;
	}

	if (cli->command == CMD_NONE) {
		/* eksctl habit: `eks-upgrade --name X [--approve]` */
		cli->command = cli->approve ? CMD_APPLY : CMD_PLAN;
		for (size_t k = 0; k < nseen; k++) {
			if (!(seen[k]->commands & (1u << cli->command))) {
				char what[128];

				(void)str_fmt(what, sizeof(what), "%s does not take %s",
					      cli_command_name(cli->command), seen[k]->name);
				return usage(err, cli->command, what, "");
			}
		}
	}
	if (!cli->timeout_given && cli->command == CMD_PLAN)
		cli->timeout_ms = CLI_DEFAULT_PLAN_TIMEOUT_MS;
	else if (!cli->timeout_given && (cli->command == CMD_WHOAMI || cli->command == CMD_TOKEN))
		cli->timeout_ms = CLI_DEFAULT_QUICK_TIMEOUT_MS;
	if (help) {
		cli->help_topic = cli_command_name(cli->command);
		cli->command = CMD_HELP;
		return 0;
	}
	switch (cli->command) {
	case CMD_PLAN:
	case CMD_APPLY:
	case CMD_ROLLBACK:
	case CMD_POLL:
	case CMD_TOKEN:
		if (cli->cluster == NULL)
			return usage(err, cli->command, "missing --cluster NAME", "");
		break;
	default:
		break;
	}
	return 0;
}

static const char help_overview[] =
    "eks-upgrade — upgrade an Amazon EKS cluster's control plane, safely, from CI or a bastion.\n"
    "\n"
    "Usage:\n"
    "  eks-upgrade plan   --cluster NAME [--to VERSION] [--multi-step] [--detailed-exitcode]\n"
    "                     [checks] [--timeout DUR]\n"
    "  eks-upgrade apply  --cluster NAME [--to VERSION] [--multi-step] [--approve] [--force]\n"
    "                     [checks] [--no-wait] [--timeout DUR] [--poll-interval DUR]\n"
    "  eks-upgrade rollback --cluster NAME [--approve] [--force] [checks] [--no-wait]\n"
    "                     [--timeout DUR] [--poll-interval DUR] [--rollback-timeout DUR]\n"
    "  eks-upgrade poll   --cluster NAME [--update-id ID] [--timeout DUR] [--poll-interval DUR]\n"
    "  eks-upgrade whoami [--timeout DUR]\n"
    "  eks-upgrade token  --cluster NAME [--timeout DUR]\n"
    "  eks-upgrade version [--output text|json]\n"
    "  eks-upgrade help [COMMAND]\n"
    "\n"
    "Common options:\n"
    "  --region R          AWS region (else AWS_REGION, AWS_DEFAULT_REGION, profile, IMDS)\n"
    "  --profile P         profile from the AWS config files (wins over env keys)\n"
    "  --output text|json  human text (default) or machine-readable JSON on stdout\n"
    "  --quiet             only warnings, errors and the result\n"
    "  --debug             requests, retries and credential sources on stderr (never secrets)\n"
    "  --no-color          no colour (also NO_COLOR=1; colour is only used on a terminal)\n"
    "  -h, --help          help for the command (also: eks-upgrade help COMMAND)\n"
    "\n"
    "Scope (plan, apply, rollback): the control plane first, then\n"
    "  --with-addons       EKS add-ons not compatible with each new version → its default\n"
    "  --with-nodegroups   managed node groups → the new version (before a step that needs it)\n"
    "  --addon-conflicts preserve|overwrite|none   resolveConflicts (default preserve)\n"
    "  --nodegroup-parallelism N   node group updates at once (default 1)\n"
    "\n"
    "Checks (plan, apply):\n"
    "  --refresh-insights  ask EKS to refresh its upgrade insights first (waits up to 10m)\n"
    "  --strict            every warning blocks too\n"
    "  --support-warn-days N  warn when standard support ends within N days (default 60)\n"
    "  --no-kube-api       do not read the nodes through the cluster's Kubernetes API\n"
    "  --with-nodegroups   also read PodDisruptionBudgets: drains they would stall\n"
    "\n"
    "eksctl habits work: --name is --cluster, --version V is --to V, and\n"
    "`eks-upgrade --name X` plans, `eks-upgrade --name X --approve` applies.\n"
    "\n"
    "Exit codes: 0 success or nothing to do, 1 runtime error, 2 usage error, 3 blocked,\n"
    "4 update Failed/Cancelled, 5 timed out (resume with poll), 6 upgrade available\n"
    "(plan --detailed-exitcode), 130/143 interrupted (the update goes on).\n";

static const char help_plan[] =
    "Usage: eks-upgrade plan --cluster NAME [--to VERSION] [--multi-step] [--detailed-exitcode]\n"
    "                        [--refresh-insights] [--strict] [--support-warn-days N]\n"
    "                        [--no-kube-api] [--with-nodegroups] [--timeout DUR]\n"
    "\n"
    "Read-only: finds the target version and runs every pre-flight check (cluster status,\n"
    "updates in progress, version target and support, node group skew, add-on compatibility,\n"
    "upgrade insights, and every node's kubelet through the cluster's Kubernetes API), for\n"
    "every step of the path. Changes nothing.\n"
    "\n"
    "  --cluster, --name NAME  the EKS cluster\n"
    "  --to, --version V       target version MAJOR.MINOR (default: the next offered minor)\n"
    "  --multi-step            allow a target more than one minor ahead, one step at a time\n"
    "  --detailed-exitcode     exit 6 when an upgrade is available and not blocked\n"
    "  --refresh-insights      StartInsightsRefresh first, and wait for it (at most 10m)\n"
    "  --strict                every warning blocks too (skipped checks stay skipped)\n"
    "  --support-warn-days N   warn when standard support ends within N days (default 60)\n"
    "  --no-kube-api           do not read the nodes through the cluster's Kubernetes API\n"
    "                          (dataplane-skew is skipped)\n"
    "  --timeout DUR           bound for the whole run (default 10m)\n"
    "  --with-addons, --with-nodegroups, --addon-conflicts, --nodegroup-parallelism:\n"
    "                          plan the add-on and node group updates too (see help apply);\n"
    "                          --with-nodegroups also reads PodDisruptionBudgets\n"
    "\n"
    "Exit: 0 ok or nothing to do, 3 blocked, 6 upgrade available (--detailed-exitcode), 1 error.\n";

static const char help_apply[] =
    "Usage: eks-upgrade apply --cluster NAME [--to VERSION] [--multi-step] [--approve] [--force]\n"
    "                         [--refresh-insights] [--strict] [--support-warn-days N]\n"
    "                         [--no-kube-api] [--with-nodegroups]\n"
    "                         [--no-wait] [--timeout DUR] [--poll-interval DUR]\n"
    "\n"
    "Runs the plan's checks; with --approve starts the update (or adopts a matching one already\n"
    "in progress) and follows it to the end. Without --approve nothing is changed.\n"
    "\n"
    "  --approve               really start the update\n"
    "  --rollback-timeout DUR  with --to N-1 (a rollback): see eks-upgrade help rollback\n"
    "  --with-addons           after each control plane step, update the EKS add-ons that do not\n"
    "                          support the new version to its default (kube-proxy, vpc-cni,\n"
    "                          coredns, then the rest)\n"
    "  --with-nodegroups       update managed node groups to the new version at the end, or\n"
    "                          before a step the skew rule would break (custom AMIs: left alone);\n"
    "                          also reads PodDisruptionBudgets (pod-disruption)\n"
    "  --addon-conflicts M     preserve (default), overwrite or none: UpdateAddon "
    "resolveConflicts\n"
    "  --nodegroup-parallelism N  node group updates in flight at once (default 1)\n"
    "  --force                 let ERROR upgrade insights pass (sends force=true to EKS)\n"
    "  --refresh-insights      StartInsightsRefresh first, and wait for it (at most 10m)\n"
    "  --strict                every warning blocks too (skipped checks stay skipped)\n"
    "  --support-warn-days N   warn when standard support ends within N days (default 60)\n"
    "  --no-kube-api           do not read the nodes through the cluster's Kubernetes API\n"
    "  --no-wait               return once the update has started (status InProgress)\n"
    "  --timeout DUR           bound for the whole run (default 65m); then exit 5\n"
    "  --poll-interval DUR     time between status checks (default 20s, ±20% jitter)\n"
    "  --multi-step            one update per minor version up to --to, checks before each\n"
    "\n"
    "Durations: 500ms, 30s, 10m, 1h, 1h30m, 7d; a bare number is seconds.\n"
    "Exit: 0 success, 3 blocked, 4 Failed/Cancelled, 5 timed out, 130/143 interrupted.\n";

static const char help_rollback[] =
    "Usage: eks-upgrade rollback --cluster NAME [--approve] [--force] [--refresh-insights]\n"
    "                            [--strict] [--support-warn-days N] [--no-wait]\n"
    "                            [--timeout DUR] [--poll-interval DUR] [--rollback-timeout DUR]\n"
    "\n"
    "Rolls the control plane back one minor version, inside the 7 days EKS allows after an\n"
    "in-place upgrade (the same as apply --to N-1). Without --approve it only plans: the\n"
    "rollback-window check says until when it is possible, ROLLBACK_READINESS insights in\n"
    "ERROR or UNKNOWN block (--force overrides), node groups at the current version block.\n"
    "\n"
    "  --approve               really start the rollback\n"
    "  --force                 let ROLLBACK_READINESS insights pass (sends force=true)\n"
    "  --rollback-timeout DUR  how long EKS waits for EKS Auto Mode nodes to roll back before\n"
    "                          it cancels (rollbackConfig.timeoutMinutes, 2h to 7d; EKS: 12h)\n"
    "  --no-wait, --timeout, --poll-interval, and the check options: as for apply\n"
    "\n"
    "Exit: 0 success, 3 blocked, 4 Failed/Cancelled, 5 timed out, 130/143 interrupted.\n";

static const char help_poll[] =
    "Usage: eks-upgrade poll --cluster NAME [--update-id ID] [--timeout DUR] [--poll-interval "
    "DUR]\n"
    "\n"
    "Follows the cluster's version update in progress (or --update-id) to its end. With none\n"
    "in progress it reports the most recent version update's outcome, or NoUpdate.\n"
    "Use it to resume after a cancelled or timed-out CI job.\n"
    "\n"
    "Exit: 0 success or no update, 4 Failed/Cancelled, 5 timed out, 1 error.\n";

static const char help_whoami[] =
    "Usage: eks-upgrade whoami [--region R] [--profile P] [--output text|json] [--timeout DUR]\n"
    "\n"
    "Calls STS GetCallerIdentity and prints the account, ARN, user id, region and the\n"
    "credential source (environment, web-identity, profile:NAME, assume-role:NAME,\n"
    "process:NAME, sso:NAME, container, imds).\n";

static const char help_token[] =
    "Usage: eks-upgrade token --cluster NAME [--region R] [--profile P] [--timeout DUR]\n"
    "\n"
    "Prints a Kubernetes ExecCredential (client.authentication.k8s.io/v1beta1) with an EKS\n"
    "bearer token, for kubectl's exec credential plugin.\n";

static const char help_version[] =
    "Usage: eks-upgrade version [--output text|json]\n"
    "\n"
    "Prints the program, libcurl and BearSSL versions and which CA roots are compiled in.\n"
    "\n"
    "  --output json           also every component built in (BearSSL, curl, jsmn, musl, the\n"
    "                          CA roots): version, licence, source URL and SHA-256, the same\n"
    "                          list as the SPDX document `make sbom` writes\n";

void cli_print_help(FILE *out, const char *topic)
{
	const char *text = help_overview;

	switch (topic != NULL ? command_by_name(topic) : CMD_NONE) {
	case CMD_PLAN:
		text = help_plan;
		break;
	case CMD_APPLY:
		text = help_apply;
		break;
	case CMD_POLL:
		text = help_poll;
		break;
	case CMD_ROLLBACK:
		text = help_rollback;
		break;
	case CMD_WHOAMI:
		text = help_whoami;
		break;
	case CMD_TOKEN:
		text = help_token;
		break;
	case CMD_VERSION:
		text = help_version;
		break;
	default:
		break;
	}
	fputs(text, out);
}
