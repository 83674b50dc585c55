/* cli — the command line (SPEC §2): one sorted option table, parsing into
 * struct cli, and the help texts.
 *
 * Parsing never prints and never exits: a usage problem is recorded in the
 * caller's struct err with EXIT_USAGE and a message that ends with the hint
 * "(see eks-upgrade help CMD)". Strings in struct cli point into argv.
 */
#ifndef EKS_CLI_H
#define EKS_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "util/err.h"
#include "util/k8s_version.h"

enum cli_command {
	CMD_NONE = 0,
	CMD_PLAN,
	CMD_APPLY,
	CMD_POLL,
	CMD_WHOAMI,
	CMD_TOKEN,
	CMD_VERSION,
	CMD_HELP,
	CMD_ROLLBACK,
};

enum cli_output { OUTPUT_TEXT = 0, OUTPUT_JSON };

struct cli {
	enum cli_command command;
	const char *help_topic; /* `help plan`, `plan --help`: the command to describe */

	/* common */
	const char *region;
	const char *profile;
	enum cli_output output;
	bool quiet, debug, no_color;

	const char *cluster;
	bool has_target;
	struct k8s_version target; /* --to / --version */
	bool multi_step, detailed_exitcode, approve, force, no_wait;
	bool refresh_insights, strict;
	bool no_kube_api; /* --no-kube-api: no Kubernetes API reads (SPEC §11) */
	bool timeout_given;
	int rollback_timeout_minutes; /* --rollback-timeout; 0: EKS's default (720) */
	/* scope (SPEC §9) */
	bool with_addons, with_nodegroups;
	const char *addon_conflicts; /* "PRESERVE" (default), "OVERWRITE", "NONE" */
	int nodegroup_parallelism;   /* default 1 */
	int support_warn_days;	     /* --support-warn-days, default 60 */
	int64_t timeout_ms;	     /* default 65m (apply, poll), 10m (plan), 2m (whoami, token) */
	int64_t poll_interval_ms;    /* default 20s */
	const char *update_id;
};

#define CLI_DEFAULT_TIMEOUT_MS (65LL * 60 * 1000)
#define CLI_DEFAULT_PLAN_TIMEOUT_MS (10LL * 60 * 1000)
#define CLI_DEFAULT_QUICK_TIMEOUT_MS (2LL * 60 * 1000) /* whoami, token */
#define CLI_DEFAULT_SUPPORT_WARN_DAYS 60
#define CLI_MAX_SUPPORT_WARN_DAYS 3650
#define CLI_DEFAULT_POLL_INTERVAL_MS (20LL * 1000)
#define CLI_MIN_POLL_INTERVAL_MS 100

int cli_parse(int argc, char **argv, struct cli *cli, struct err *err) MUST_CHECK;

const char *cli_command_name(enum cli_command command);

/* Writes the help for `topic` (a command name, or NULL for the overview). */
void cli_print_help(FILE *out, const char *topic);

#endif
