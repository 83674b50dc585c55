/* credentials — the value AWS requests are signed with, and the interface
 * through which the client is given them (SPEC §7). The providers that find
 * credentials live in aws/creds/ (one file each, the chain, the cache).
 *
 * struct creds holds secrets in fixed arrays owned by whoever declared the
 * struct; creds_wipe() zeroes it (explicit_bzero) and must run before it
 * goes out of scope. Secrets never appear in messages or --debug output.
 */
#ifndef EKS_CREDS_H
#define EKS_CREDS_H

#include <stdbool.h>
#include <time.h>

#include "util/err.h"

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

/* What the client is given to sign with (aws/client.h): a source it asks
 * before each batch of signed requests, with `force` when the server said
 * the session token expired. aws/creds/cache.c provides the usual one (the
 * chain behind a cache). get() writes a copy into *out that the caller
 * wipes; 0, or -1 with err. */
struct creds_source {
	int (*get)(void *self, bool force, struct creds *out, struct err *err);
	void *self;
};

/* True when `c` expires within CREDS_REFRESH_WINDOW of `now`. */
bool creds_need_refresh(const struct creds *c, time_t now);

/* Parses an ISO-8601 UTC time as AWS sends it ("2026-11-24T03:42:33Z",
 * also with fractional seconds or "+00:00"). -1 when malformed. */
int creds_parse_time(const char *text, time_t *out);

/* The access key id and the session token go into headers (Authorization,
 * X-Amz-Security-Token) and presigned URLs: whatever their source, they
 * must be printable ASCII without blanks, or a CR/LF in a variable, a
 * credential_process answer or a container answer would add headers of
 * its own. -1 naming the field and c->source (never the value). */
int creds_check(const struct creds *c, struct err *err) MUST_CHECK;

void creds_wipe(struct creds *c);

#endif
