/* cli.c: what the command line turns into. Usage errors and their exact
 * messages are covered black-box by tests/integration/test_cli.py. */
#include "cmd/cli.h"
#include "unit.h"

static int parse(struct cli *cli, struct err *err, int argc, const char **argv)
{
	err_clear(err);
	return cli_parse(argc, (char **)argv, cli, err);
}

#define PARSE(cli, err, ...)                                                           \
	parse(cli, err, (int)(sizeof((const char *[]){__VA_ARGS__}) / sizeof(char *)), \
	      (const char *[]){__VA_ARGS__})

TEST(defaults)
{
	struct cli c;
	struct err e;

	CHECK(PARSE(&c, &e, "eks-upgrade", "plan", "--cluster", "demo") == 0);
	CHECK(c.command == CMD_PLAN);
	CHECK_STR(c.cluster, "demo");
	CHECK(c.output == OUTPUT_TEXT && !c.has_target && !c.approve);
	CHECK(c.timeout_ms == 10LL * 60 * 1000); /* plan: 10m (SPEC §2) */
	CHECK(c.poll_interval_ms == 20000);
	CHECK(c.support_warn_days == 60 && !c.strict && !c.refresh_insights);
	CHECK(PARSE(&c, &e, "eks-upgrade", "apply", "--cluster", "demo") == 0);
	CHECK(c.timeout_ms == 65LL * 60 * 1000);
	CHECK(PARSE(&c, &e, "eks-upgrade", "whoami") == 0);
	CHECK(c.timeout_ms == 2LL * 60 * 1000);
	CHECK(PARSE(&c, &e, "eks-upgrade", "plan", "--cluster", "d", "--timeout", "90s") == 0);
	CHECK(c.timeout_ms == 90000);
}

TEST(check_options)
{
	struct cli c;
	struct err e;

	CHECK(PARSE(&c, &e, "x", "plan", "--cluster", "a", "--strict", "--refresh-insights",
		    "--support-warn-days", "90") == 0);
	CHECK(c.strict && c.refresh_insights && c.support_warn_days == 90);
	CHECK(PARSE(&c, &e, "x", "apply", "--cluster", "a", "--support-warn-days=0") == 0);
	CHECK(c.support_warn_days == 0);
	CHECK(PARSE(&c, &e, "x", "plan", "--cluster", "a", "--support-warn-days", "-1") != 0);
	CHECK(e.exit_code == EXIT_USAGE);
	CHECK(PARSE(&c, &e, "x", "plan", "--cluster", "a", "--support-warn-days", "3651") != 0);
	CHECK(PARSE(&c, &e, "x", "plan", "--cluster", "a", "--support-warn-days", "7d") != 0);
	CHECK(PARSE(&c, &e, "x", "poll", "--cluster", "a", "--strict") != 0);
	CHECK(strstr(e.message, "poll does not take --strict") != NULL);
}

/* SPEC §11: --no-kube-api for plan and apply; --with-nodegroups (SPEC §9)
 * a plain flag of the same two. */
TEST(kubernetes_api_options)
{
	struct cli c;
	struct err e;

	CHECK(PARSE(&c, &e, "x", "plan", "--cluster", "a") == 0);
	CHECK(!c.no_kube_api && !c.with_nodegroups);
	CHECK(PARSE(&c, &e, "x", "plan", "--cluster", "a", "--no-kube-api", "--with-nodegroups") ==
	      0);
	CHECK(c.no_kube_api && c.with_nodegroups);
	CHECK(PARSE(&c, &e, "x", "apply", "--cluster", "a", "--no-kube-api") == 0);
	CHECK(c.no_kube_api);
	CHECK(PARSE(&c, &e, "x", "--name", "a", "--approve", "--with-nodegroups") == 0);
	CHECK(c.command == CMD_APPLY && c.with_nodegroups);
	CHECK(PARSE(&c, &e, "x", "poll", "--cluster", "a", "--no-kube-api") != 0);
	CHECK(strstr(e.message, "poll does not take --no-kube-api") != NULL);
	CHECK(PARSE(&c, &e, "x", "token", "--cluster", "a", "--with-nodegroups") != 0);
	CHECK(PARSE(&c, &e, "x", "plan", "--cluster", "a", "--no-kube-api=yes") != 0);
	CHECK(e.exit_code == EXIT_USAGE);
}

TEST(eksctl_habits)
{
	struct cli c;
	struct err e;

	CHECK(PARSE(&c, &e, "eks-upgrade", "--name", "prod", "--version", "v1.33") == 0);
	CHECK(c.command == CMD_PLAN);
	CHECK_STR(c.cluster, "prod");
	CHECK(c.has_target && c.target.major == 1 && c.target.minor == 33);
	CHECK(PARSE(&c, &e, "eks-upgrade", "--name=prod", "--approve", "--force") == 0);
	CHECK(c.command == CMD_APPLY && c.approve && c.force);
	CHECK(PARSE(&c, &e, "eks-upgrade", "--version") == 0);
	CHECK(c.command == CMD_VERSION);
}

/* version takes --output (json lists the components) and nothing else. */
TEST(version_output)
{
	struct cli c;
	struct err e;

	CHECK(PARSE(&c, &e, "x", "version") == 0);
	CHECK(c.command == CMD_VERSION && c.output == OUTPUT_TEXT);
	CHECK(PARSE(&c, &e, "x", "version", "--output", "json") == 0);
	CHECK(c.command == CMD_VERSION && c.output == OUTPUT_JSON);
	CHECK(PARSE(&c, &e, "x", "version", "--output=text") == 0);
	CHECK(c.output == OUTPUT_TEXT);
	CHECK(PARSE(&c, &e, "x", "version", "--output", "yaml") != 0);
	CHECK(e.exit_code == EXIT_USAGE);
	CHECK(PARSE(&c, &e, "x", "version", "--region", "eu-west-1") != 0);
	CHECK(e.exit_code == EXIT_USAGE);
	CHECK(strstr(e.message, "version does not take --region") != NULL);
	CHECK(PARSE(&c, &e, "x", "version", "extra") != 0);
}

TEST(values_and_flags)
{
	struct cli c;
	struct err e;

	CHECK(PARSE(&c, &e, "x", "apply", "--cluster", "a", "--timeout", "1h30m",
		    "--poll-interval=500ms", "--no-wait", "--multi-step", "--to", "1.34",
		    "--output", "json", "--region", "eu-west-1", "--profile", "p", "--quiet",
		    "--debug", "--no-color") == 0);
	CHECK(c.timeout_ms == 5400000 && c.poll_interval_ms == 500);
	CHECK(c.no_wait && c.multi_step && c.quiet && c.debug && c.no_color);
	CHECK(c.output == OUTPUT_JSON);
	CHECK_STR(c.region, "eu-west-1");
	CHECK_STR(c.profile, "p");
	CHECK(c.target.minor == 34);
	CHECK(PARSE(&c, &e, "x", "poll", "--cluster", "a", "--update-id", "u-1") == 0);
	CHECK_STR(c.update_id, "u-1");
}

TEST(help_forms)
{
	struct cli c;
	struct err e;

	CHECK(PARSE(&c, &e, "x") == 0 && c.command == CMD_HELP && c.help_topic == NULL);
	CHECK(PARSE(&c, &e, "x", "help", "apply") == 0 && c.command == CMD_HELP);
	CHECK_STR(c.help_topic, "apply");
	/* SPEC §2: -h anywhere, even after an unknown option. */
	CHECK(PARSE(&c, &e, "x", "poll", "--unknown", "-h") == 0 && c.command == CMD_HELP);
	CHECK_STR(c.help_topic, "poll");
	CHECK(PARSE(&c, &e, "x", "poll", "-h", "--timeout", "5s") == 0 && c.command == CMD_HELP);
	CHECK_STR(c.help_topic, "poll");
}

TEST(usage_errors_say_usage)
{
	struct cli c;
	struct err e;

	CHECK(PARSE(&c, &e, "x", "plan", "--cluster", "a", "--approve") != 0);
	CHECK(e.exit_code == EXIT_USAGE);
	CHECK(strstr(e.message, "plan does not take --approve") != NULL);
	CHECK(strstr(e.message, "(see eks-upgrade help plan)") != NULL);
	CHECK(PARSE(&c, &e, "x", "whoami", "--update-id", "5") != 0 && e.exit_code == EXIT_USAGE);
	CHECK(PARSE(&c, &e, "x", "token") != 0 && e.exit_code == EXIT_USAGE);
	CHECK(PARSE(&c, &e, "x", "apply", "--cluster", "a", "--poll-interval", "99ms") != 0);
	CHECK(PARSE(&c, &e, "x", "apply", "--cluster", "a", "--timeout", "8d") != 0);
}

int main(void)
{
	RUN(defaults);
	RUN(check_options);
	RUN(kubernetes_api_options);
	RUN(eksctl_habits);
	RUN(values_and_flags);
	RUN(version_output);
	RUN(help_forms);
	RUN(usage_errors_say_usage);
	return unit_done("cli");
}
