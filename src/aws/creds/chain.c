/* The default credential chain (SPEC §7), itself a provider. */
#include <string.h>

#include "aws/credentials.h"
#include "aws/creds/chain.h"
#include "util/str.h"

int creds_chain_resolve(const struct creds_context *ctx, struct creds *out, struct err *err)
{
	/* With --profile the profile wins and env keys are not consulted, as the
	 * AWS CLI does; AWS_PROFILE alone keeps env keys first. A profile named
	 * either way yields credentials or stops the chain (profile.c): nothing
	 * after it is asked, so --profile never ends on another identity. */
	static const struct creds_provider *const default_order[] = {
	    &creds_env, &creds_web_identity, &creds_profile, &creds_container, &creds_imds,
	};
	static const struct creds_provider *const profile_order[] = {&creds_profile};
	const struct creds_provider *const *order = default_order;
	size_t count = sizeof(default_order) / sizeof(default_order[0]);
	char tried[256] = "";

	if (ctx->config->profile_explicit) {
		order = profile_order;
		count = sizeof(profile_order) / sizeof(profile_order[0]);
	}
	for (size_t i = 0; i < count; i++) {
		int rc = order[i]->resolve(ctx, out, err);

		if (rc == 0 && creds_check(out, err) != 0) {
			creds_wipe(out);
			return err_prefix(err, "credentials (%s): ", order[i]->name);
		}
		if (rc == 0) {
			aws_debug(ctx->client, "credentials: from %s%s", out->source,
				  out->expiration ? " (temporary)" : "");
			return 0;
		}
		creds_wipe(out);
		if (rc < 0)
			return err_prefix(err, "credentials (%s): ", order[i]->name);
		aws_debug(ctx->client, "credentials: %s not configured", order[i]->name);
		(void)str_fmt(tried + strlen(tried), sizeof(tried) - strlen(tried), "%s%s",
			      i ? ", " : "", order[i]->name);
	}
	return err_set(err, EXIT_RUNTIME,
		       "no AWS credentials found; tried in order: %s (profile \"%s\")", tried,
		       ctx->config->profile);
}
