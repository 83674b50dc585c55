/* creds — AWS credentials and the providers that find them (SPEC §7).
 *
 * Each provider is one file (creds_env.c, creds_web_identity.c,
 * creds_profile.c, creds_container.c, creds_imds.c) behind the same small
 * interface; the chain (creds_chain.c) is itself a provider that asks them
 * in order. A provider answers:
 *    0  credentials found (written to *out, with their source and expiry),
 *    1  not configured here: the chain moves on to the next provider,
 *   -1  configured but broken (unreadable token file, STS error, bad JSON):
 *       the chain stops and err names the source, as the AWS SDKs do.
 *
 * struct creds holds secrets in fixed arrays owned by whoever declared the
 * struct; creds_wipe() zeroes it (explicit_bzero) and must run before it
 * goes out of scope. Secrets never appear in messages or --debug output.
 */
#ifndef EKS_CREDS_H
#define EKS_CREDS_H

#include <stdbool.h>
#include <time.h>

#include "err.h"

#define CREDS_ID_MAX 128
#define CREDS_SECRET_MAX 256
#define CREDS_TOKEN_MAX 4096
#define CREDS_SOURCE_MAX 160

/* Temporary credentials are refreshed once fewer than this many seconds
 * remain (botocore's advisory window is 15 min, mandatory 10 min). */
#define CREDS_REFRESH_WINDOW 600

struct creds {
	char access_key_id[CREDS_ID_MAX];
	char secret_access_key[CREDS_SECRET_MAX];
	char session_token[CREDS_TOKEN_MAX]; /* "" when none */
	time_t expiration;		     /* 0: does not expire */
	char source[CREDS_SOURCE_MAX];	     /* environment, web-identity, profile:NAME, ... */
};

struct aws; /* aws.h: the client context providers use for HTTP and STS */

struct creds_provider {
	const char *name; /* for "no credentials; tried: environment, ..." */
	int (*resolve)(struct aws *aws, struct creds *out, struct err *err);
};

extern const struct creds_provider creds_env;
extern const struct creds_provider creds_web_identity;
extern const struct creds_provider creds_profile;
extern const struct creds_provider creds_container;
extern const struct creds_provider creds_imds;

/* The default chain: env → web identity → profile → container → IMDS; with
 * an explicit --profile the profile comes first and env keys are skipped.
 * No credentials anywhere: -1, EXIT_RUNTIME, naming every source tried. */
int creds_chain_resolve(struct aws *aws, struct creds *out, struct err *err) MUST_CHECK;

/* True when `c` expires within CREDS_REFRESH_WINDOW of `now`. */
bool creds_need_refresh(const struct creds *c, time_t now);

/* Parses an ISO-8601 UTC time as AWS sends it ("2026-11-24T03:42:33Z",
 * also with fractional seconds or "+00:00"). -1 when malformed. */
int creds_parse_time(const char *text, time_t *out);

void creds_wipe(struct creds *c);

#endif
