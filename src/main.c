/* main — parses the command line, runs one verb, maps its outcome to an exit
 * code. Everything else lives below the verbs. */
#include <stdio.h>
#include <string.h>

#include "cmd/cli.h"
#include "cmd/verbs.h"
#include "util/err.h"

typedef int (*verb_fn)(const struct cli *cli, struct err *err);

static const verb_fn verbs[] = {
    [CMD_PLAN] = verb_plan,	    [CMD_APPLY] = verb_apply, [CMD_POLL] = verb_poll,
    [CMD_WHOAMI] = verb_whoami,	    [CMD_TOKEN] = verb_token, [CMD_VERSION] = verb_version,
    [CMD_ROLLBACK] = verb_rollback,
};

int main(int argc, char **argv)
{
	struct cli cli;
	struct err err;
	verb_fn verb = NULL;
	int code;

	err_clear(&err);
	if (cli_parse(argc, argv, &cli, &err) != 0) {
		fprintf(stderr, "eks-upgrade: %s\n", err.message);
		return err.exit_code;
	}
	if (cli.command == CMD_HELP) {
		cli_print_help(stdout, cli.help_topic);
		return EXIT_OK;
	}
	if ((size_t)cli.command < sizeof(verbs) / sizeof(verbs[0]))
		verb = verbs[cli.command];
	if (verb == NULL) {
		fprintf(stderr, "eks-upgrade: %s is not implemented yet\n",
			cli_command_name(cli.command));
		return EXIT_RUNTIME;
	}
	code = verb(&cli, &err);
	if (code < 0) {
		fprintf(stderr, "eks-upgrade: %s\n", err.message[0] ? err.message : "failed");
		return err.exit_code != 0 ? err.exit_code : EXIT_RUNTIME;
	}
	return code;
}
