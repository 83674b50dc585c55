/* chain — the credential providers and the default chain (SPEC §7).
 *
 * Each provider is one file in aws/creds/ (env.c, web_identity.c,
 * profile.c with sso.c and process.c, container.c, imds.c) behind the same
 * small interface; the chain (chain.c) is itself a provider that asks them
 * in order. A provider answers:
 *    0  credentials found (written to *out, with their source and expiry),
 *    1  not configured here: the chain moves on to the next provider,
 *   -1  configured but broken (unreadable token file, STS error, bad JSON),
 *       or a profile that was named but yields nothing: the chain stops and
 *       err names the source, as the AWS SDKs do.
 *
 * Providers reach STS, SSO, IMDS and container endpoints through the client
 * in their context, always with unsigned requests or credentials they pass
 * explicitly: never through the client's own credential source, which is
 * what they are building.
 */
#ifndef EKS_CREDS_CHAIN_H
#define EKS_CREDS_CHAIN_H

#include "aws/client.h"
#include "aws/config.h"
#include "aws/credentials.h"

struct creds_context {
	struct aws *client;	     /* HTTP to STS, IMDS, container endpoints */
	const struct config *config; /* the shared files and the selected profile */
};

struct creds_provider {
	const char *name; /* for "no credentials; tried: environment, ..." */
	int (*resolve)(const struct creds_context *ctx, struct creds *out, struct err *err);
};

extern const struct creds_provider creds_env;
extern const struct creds_provider creds_web_identity;
extern const struct creds_provider creds_profile;
extern const struct creds_provider creds_container;
extern const struct creds_provider creds_imds;

/* The default chain: env → web identity → profile → container → IMDS; with
 * an explicit --profile only the profile is asked. A profile named by
 * --profile or AWS_PROFILE must yield credentials itself (SPEC §7): one
 * that does not exist, holds an unsupported provider (login_session) or
 * nothing usable is -1, never a fall-through to container or IMDS.
 * No credentials anywhere: -1, EXIT_RUNTIME, naming every source tried. */
int creds_chain_resolve(const struct creds_context *ctx, struct creds *out,
			struct err *err) MUST_CHECK;

#endif
