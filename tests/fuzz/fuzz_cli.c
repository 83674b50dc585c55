/* fuzz_cli — cli_parse over a command line built from the input: NUL
 * bytes separate the arguments (argv[0] is the program name). Promises
 * checked: a failure is a usage error (exit code 2) with a message; a
 * success names a command, and the commands that act on a cluster have
 * one; every string in struct cli points into argv. */
#include "cmd/cli.h"
#include "fuzz.h"

#define MAX_ARGS 64

static bool in_argv(const char *p, char *const *argv, int argc)
{
	for (int i = 0; i < argc; i++)
		if (p >= argv[i] && p <= argv[i] + strlen(argv[i]))
			return true;
	return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_cstring(data, size);
	char *argv[MAX_ARGS + 2];
	int argc = 0;
	struct cli cli;
	struct err err = {0};
	size_t pos = 0;

	argv[argc++] = "eks-upgrade";
	while (pos <= size && argc < MAX_ARGS + 1) {
		argv[argc++] = text + pos;
		pos += strlen(text + pos) + 1;
	}
	if (size == 0)
		argc = 1; /* no arguments at all */
	argv[argc] = NULL;
	if (cli_parse(argc, argv, &cli, &err) != 0) {
		FUZZ_ASSERT(err.exit_code == EXIT_USAGE && err.message[0] != '\0');
		FUZZ_ASSERT(strstr(err.message, "(see eks-upgrade help") != NULL);
	} else {
		FUZZ_ASSERT(cli.command != CMD_NONE);
		FUZZ_ASSERT(cli_command_name(cli.command)[0] != '\0');
		if (cli.command == CMD_PLAN || cli.command == CMD_APPLY ||
		    cli.command == CMD_POLL || cli.command == CMD_TOKEN)
			FUZZ_ASSERT(cli.cluster != NULL && in_argv(cli.cluster, argv, argc));
		FUZZ_ASSERT(cli.region == NULL || in_argv(cli.region, argv, argc));
		FUZZ_ASSERT(cli.profile == NULL || in_argv(cli.profile, argv, argc));
		FUZZ_ASSERT(cli.update_id == NULL || in_argv(cli.update_id, argv, argc));
		FUZZ_ASSERT(cli.timeout_ms > 0 && cli.poll_interval_ms >= CLI_MIN_POLL_INTERVAL_MS);
		if (cli.help_topic != NULL) {
			FILE *null = fopen("/dev/null", "w");
			if (null != NULL) {
				cli_print_help(null, cli.help_topic);
				fclose(null);
			}
		}
	}
	free(text);
	return 0;
}
