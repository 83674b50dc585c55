/* Unit tests for cmd/session.c: the region chain (SPEC §7), with IMDS
 * turned off so nothing reaches the network. */
#include "cmd/session.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "util/clock.h"

static char dir[] = "/tmp/eks-upgrade-session-XXXXXX";

static void write_config(const char *text)
{
	char path[128];
	FILE *f;

	(void)snprintf(path, sizeof(path), "%s/config", dir);
	f = fopen(path, "w");
	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
	setenv("AWS_CONFIG_FILE", path, 1);
}

static const char *resolve(const char *cli_region, const char **source)
{
	static char region[64];
	struct aws client;
	struct config config;
	struct aws_options opts = {0};
	struct err err;
	int rc;

	err_clear(&err);
	memset(&config, 0, sizeof(config));
	if (aws_init(&client, &opts, &err) != 0 || config_load(&config, NULL, &err) != 0)
		return "setup failed";
	rc = session_resolve_region(&client, &config, cli_region, region, sizeof(region), source,
				    &err);
	config_free(&config);
	aws_free(&client);
	return rc == 0 ? region : "error";
}

TEST(the_chain_in_order)
{
	const char *source;

	write_config("[default]\nregion = eu-west-1\n");
	setenv("AWS_REGION", "us-east-2", 1);
	setenv("AWS_DEFAULT_REGION", "ap-south-1", 1);
	CHECK_STR(resolve("us-west-2", &source), "us-west-2");
	CHECK_STR(source, "--region");
	CHECK_STR(resolve(NULL, &source), "us-east-2");
	CHECK_STR(source, "AWS_REGION");
	setenv("AWS_REGION", "", 1); /* empty counts as unset */
	CHECK_STR(resolve(NULL, &source), "ap-south-1");
	CHECK_STR(source, "AWS_DEFAULT_REGION");
	unsetenv("AWS_DEFAULT_REGION");
	CHECK_STR(resolve(NULL, &source), "eu-west-1");
	CHECK_STR(source, "profile");
}

TEST(no_region_anywhere_is_empty_not_an_error)
{
	const char *source = "x";

	write_config("[default]\n");
	unsetenv("AWS_REGION");
	unsetenv("AWS_DEFAULT_REGION");
	CHECK_STR(resolve(NULL, &source), "");
	CHECK(source == NULL);
}

TEST(too_long_region_is_an_error)
{
	const char *source;
	char long_region[200];

	memset(long_region, 'a', sizeof(long_region) - 1);
	long_region[sizeof(long_region) - 1] = '\0';
	CHECK_STR(resolve(long_region, &source), "error");
}

/* Issue 13, item 3: a region from anywhere is checked before it reaches a
 * host name or a signature; from --region it is a usage error. */
TEST(region_with_a_line_break_is_refused)
{
	struct aws client;
	struct config config;
	struct aws_options opts = {0};
	struct err err;
	const char *source;
	char region[64];

	err_clear(&err);
	memset(&config, 0, sizeof(config));
	CHECK(aws_init(&client, &opts, &err) == 0 && config_load(&config, NULL, &err) == 0);
	CHECK(session_resolve_region(&client, &config, "us-west-2\r\nX: y", region, sizeof(region),
				     &source, &err) == -1);
	CHECK(err.exit_code == EXIT_USAGE && strstr(err.message, "--region") != NULL);
	err_clear(&err);
	setenv("AWS_REGION", "us-west-2 x", 1);
	CHECK(session_resolve_region(&client, &config, NULL, region, sizeof(region), &source,
				     &err) == -1);
	CHECK(err.exit_code == EXIT_RUNTIME && strstr(err.message, "AWS_REGION") != NULL);
	unsetenv("AWS_REGION");
	config_free(&config);
	aws_free(&client);
}

/* Items 8 and 13: the session's handlers reset after the first signal (a
 * second Ctrl-C ends a hung lookup), and --timeout is the client's
 * deadline for every verb, plan, whoami and token included. */
TEST(open_sets_handlers_and_deadline)
{
	struct session s;
	struct cli cli;
	struct err err;
	struct sigaction sa;
	int64_t before = clock_monotonic_ms();

	memset(&cli, 0, sizeof(cli));
	cli.command = CMD_PLAN;
	cli.region = "us-west-2";
	cli.timeout_ms = 5000;
	err_clear(&err);
	write_config("[default]\n");
	CHECK(session_open(&s, &cli, &err) == 0);
	CHECK(sigaction(SIGINT, NULL, &sa) == 0 && (sa.sa_flags & SA_RESETHAND) != 0);
	CHECK(sigaction(SIGTERM, NULL, &sa) == 0 && (sa.sa_flags & SA_RESETHAND) != 0);
	CHECK(s.client.deadline_ms >= before + 5000 &&
	      s.client.deadline_ms <= clock_monotonic_ms() + 5000);
	session_close(&s);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	setenv("HOME", dir, 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	unsetenv("AWS_PROFILE");
	RUN(the_chain_in_order);
	RUN(no_region_anywhere_is_empty_not_an_error);
	RUN(too_long_region_is_an_error);
	RUN(region_with_a_line_break_is_refused);
	RUN(open_sets_handlers_and_deadline);
	{
		char path[128];

		(void)snprintf(path, sizeof(path), "%s/config", dir);
		(void)unlink(path);
		(void)rmdir(dir);
	}
	return unit_done("session");
}
