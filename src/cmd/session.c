#include "cmd/session.h"

#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include "aws/endpoint.h"
#include "aws/imds.h"
#include "util/clock.h"
#include "util/env.h"
#include "util/str.h"

volatile sig_atomic_t session_stop_signal;

static void on_signal(int sig)
{
	session_stop_signal = sig;
}

static void install_signal_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	/* The first signal asks for a clean stop (the resume command is
	 * printed); a second one, if that stop hangs in a lookup, ends the
	 * process at once. */
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGTERM, &sa, NULL);
	/* No core dumps (and no ptrace by other users) while secrets are held. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

int session_resolve_region(struct aws *client, const struct config *config, const char *cli_region,
			   char *out, size_t cap, const char **source, struct err *err)
{
	const char *v = cli_region;

	*source = "--region";
	if (v == NULL && (v = env_get("AWS_REGION")) != NULL)
		*source = "AWS_REGION";
	if (v == NULL && (v = env_get("AWS_DEFAULT_REGION")) != NULL)
		*source = "AWS_DEFAULT_REGION";
	if (v == NULL && (v = config_get(config, config->profile, "region")) != NULL)
		*source = "profile";
	if (v == NULL) {
		*source = "imds";
		if (imds_region(client, config, out, cap, err) < 0)
			return -1;
		if (out[0] == '\0')
			*source = NULL;
		v = out;
	}
	/* It goes into host names and every signature's scope: a name from
	 * the command line is a usage error, from elsewhere a runtime one. */
	if (v[0] != '\0' && !endpoint_region_valid(v))
		return err_set(err, strcmp(*source, "--region") == 0 ? EXIT_USAGE : EXIT_RUNTIME,
			       "invalid region name from %s (letters, digits and '-' only): %.64s",
			       *source, v);
	if (v != out && str_copy(out, cap, v) != 0)
		return err_set(err, EXIT_RUNTIME, "region name too long: %.64s", v);
	return 0;
}

/* AWS_MAX_ATTEMPTS, else the profile's max_attempts; 0 when neither. */
static int max_attempts(const struct config *config, int *out, struct err *err)
{
	const char *text = env_get("AWS_MAX_ATTEMPTS");
	char *end;
	long n;

	*out = 0;
	if (text == NULL)
		text = config_get(config, config->profile, "max_attempts");
	if (text == NULL)
		return 0;
	n = strtol(text, &end, 10);
	if (*end != '\0' || n < 1 || n > 20)
		return err_set(err, EXIT_RUNTIME,
			       "AWS_MAX_ATTEMPTS must be a number from 1 to 20, not %.32s", text);
	*out = (int)n;
	return 0;
}

static int resolve_chain(void *ctx, struct creds *out, struct err *err)
{
	return creds_chain_resolve(ctx, out, err);
}

static time_t client_now(void *client)
{
	return aws_now(client);
}

static void client_log(void *client, const char *message)
{
	aws_debug(client, "%s", message);
}

int session_open(struct session *s, const struct cli *cli, struct err *err)
{
	struct aws_options opts = {.debug = cli->debug, .cancel = &session_stop_signal};
	char region[AWS_REGION_MAX];
	int64_t deadline_ms;

	memset(s, 0, sizeof(*s));
	s->open = true;
	install_signal_handlers();
	/* --timeout bounds the whole run from here: the region from IMDS, the
	 * credentials (credential_process included), every request. apply and
	 * poll set the same deadline again from their engine. */
	deadline_ms = clock_monotonic_ms() + cli->timeout_ms;
	if (config_load(&s->config, cli->profile, err) != 0 ||
	    max_attempts(&s->config, &opts.max_attempts, err) != 0)
		return -1;
	opts.ca_bundle = env_get("AWS_CA_BUNDLE");
	if (opts.ca_bundle == NULL)
		opts.ca_bundle = config_get(&s->config, s->config.profile, "ca_bundle");
	if (aws_init(&s->client, &opts, err) != 0)
		return -1;
	s->client.deadline_ms = cli->timeout_ms > 0 ? deadline_ms : 0;
	s->creds_context = (struct creds_context){&s->client, &s->config};
	creds_cache_init(&s->creds, resolve_chain, &s->creds_context);
	s->creds.now = client_now;
	s->creds.clock_ctx = &s->client;
	s->creds.log = client_log;
	s->creds.log_ctx = &s->client;
	s->client.credentials = creds_cache_source(&s->creds);
	if (session_resolve_region(&s->client, &s->config, cli->region, region, sizeof(region),
				   &s->region_source, err) != 0 ||
	    aws_set_region(&s->client, region, err) != 0)
		return -1;
	aws_debug(&s->client, "profile \"%s\", region \"%s\" (from %s), EKS %s, STS %s",
		  s->config.profile, s->client.region, s->region_source ? s->region_source : "-",
		  s->client.eks_url[0] ? s->client.eks_url : "-", s->client.sts_url);
	return 0;
}

void session_close(struct session *s)
{
	if (s == NULL || !s->open)
		return;
	aws_free(&s->client);
	creds_cache_free(&s->creds);
	config_free(&s->config);
	s->open = false;
}
