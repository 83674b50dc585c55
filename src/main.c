/* main — parses the command line, runs one verb, maps its outcome to an exit
 * code. Everything else lives below the verbs. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cli.h"
#include "cmd/verbs.h"
#include "util/err.h"
#include "util/text.h"

typedef int (*verb_fn)(const struct cli *cli, struct err *err);

static const verb_fn verbs[] = {
    [CMD_PLAN] = verb_plan,	    [CMD_APPLY] = verb_apply, [CMD_POLL] = verb_poll,
    [CMD_WHOAMI] = verb_whoami,	    [CMD_TOKEN] = verb_token, [CMD_VERSION] = verb_version,
    [CMD_ROLLBACK] = verb_rollback,
};

/* Started with stdin, stdout or stderr closed (`>&-`), the first file or
 * socket opened would take its number, and the tool's text would go into
 * the TLS connection to AWS or a credentials file. Each closed one is
 * opened on /dev/null, or, where there is none (a scratch image without
 * /dev), on the root directory, which takes no writes. */
static int open_standard_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int got;

		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (got < 0)
			got = open("/", O_RDONLY | O_DIRECTORY);
		if (got != fd) {
			if (got >= 0)
				close(got);
			return -1;
		}
	}
	return 0;
}

static void print_error(const char *message)
{
	fputs("eks-upgrade: ", stderr);
	(void)text_fputs(stderr, message);
	fputc('\n', stderr);
	fflush(stderr);
}

/* Every verb's output was written, or the run fails (exit 1): `whoami >
 * /dev/full` must not look like a success. */
static int check_stdout(int code)
{
	char message[160];
	int error;

	/* errno is not cleared first: a write that failed earlier (the
	 * buffer filled up) left its reason there. */
	if (fflush(stdout) == 0 && !ferror(stdout))
		return code;
	error = errno;
	(void)snprintf(message, sizeof(message), "writing output: %s",
		       error ? strerror(error) : "I/O error");
	print_error(message);
	return code == EXIT_OK || code == EXIT_CHANGES ? EXIT_RUNTIME : code;
}

int main(int argc, char **argv)
{
	struct cli cli;
	struct err err;
	verb_fn verb = NULL;
	int code;

	if (open_standard_fds() != 0)
		return EXIT_RUNTIME;
	/* A closed pipe is a write error (EPIPE) handled where it happens, not
	 * a silent death in the middle of an update. */
	(void)signal(SIGPIPE, SIG_IGN);
	err_clear(&err);
	if (cli_parse(argc, argv, &cli, &err) != 0) {
		print_error(err.message);
		return err.exit_code;
	}
	if (cli.command == CMD_HELP) {
		cli_print_help(stdout, cli.help_topic);
		return check_stdout(EXIT_OK);
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
		print_error(err.message[0] ? err.message : "failed");
		return err.exit_code != 0 ? err.exit_code : EXIT_RUNTIME;
	}
	return check_stdout(code);
}
