#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "verbs.h"

volatile sig_atomic_t verb_stop_signal;

static void on_signal(int sig)
{
	verb_stop_signal = sig;
}

int verb_aws_init(const struct cli *cli, struct aws *aws, struct err *err)
{
	struct sigaction sa;
	struct aws_options opts = {
	    .region = cli->region,
	    .profile = cli->profile,
	    .debug = cli->debug,
	    .cancel = &verb_stop_signal,
	};

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	/* No core dumps (and no ptrace by other users) while secrets are held. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	return aws_init(aws, &opts, err);
}
