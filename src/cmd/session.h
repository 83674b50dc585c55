/* session — what every verb that talks to AWS sets up first: signal
 * handling, the shared config files and profile, the AWS client with its
 * retry settings and trust store, the region (and so the endpoints), and
 * the credential chain behind a cache, given to the client as its source.
 *
 * This is the only place those pieces meet, so the client below knows
 * nothing of profiles, and the providers know nothing of the verbs. The
 * session owns everything in it until session_close (safe on a zeroed or
 * half-opened session, and twice).
 */
#ifndef EKS_SESSION_H
#define EKS_SESSION_H

#include <signal.h>

#include "aws/client.h"
#include "aws/config.h"
#include "aws/creds/cache.h"
#include "aws/creds/chain.h"
#include "cmd/cli.h"

/* The signal that asked us to stop (SIGINT/SIGTERM), or 0. */
extern volatile sig_atomic_t session_stop_signal;

struct session {
	struct aws client;
	struct config config;
	struct creds_context creds_context; /* the chain's view: client + config */
	struct creds_cache creds;	    /* the client's credential source */
	const char *region_source;	    /* "--region", "AWS_REGION", "AWS_DEFAULT_REGION",
					       "profile", "imds", or NULL when there is none */
	bool open;
};

/* Installs the SIGINT/SIGTERM handlers and makes the process non-dumpable
 * while it holds credentials, then sets everything up from the common
 * options. No network unless the region has to come from IMDS;
 * credentials are resolved on the first signed request. */
int session_open(struct session *s, const struct cli *cli, struct err *err) MUST_CHECK;

void session_close(struct session *s);

/* The region chain (SPEC §7): --region → AWS_REGION → AWS_DEFAULT_REGION →
 * the profile's region → IMDS. Writes "" (and *source NULL) when none. */
int session_resolve_region(struct aws *client, const struct config *config, const char *cli_region,
			   char *out, size_t cap, const char **source, struct err *err) MUST_CHECK;

#endif
