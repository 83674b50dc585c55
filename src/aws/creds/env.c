/* The environment provider: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
 * (+ AWS_SESSION_TOKEN, legacy AWS_SECURITY_TOKEN, AWS_CREDENTIAL_EXPIRATION). */
#include <stdlib.h>
#include <string.h>

#include "aws/creds/chain.h"
#include "util/env.h"
#include "util/str.h"
#include "util/text.h"

static int resolve(const struct creds_context *ctx, struct creds *out, struct err *err)
{
	const char *id = env_get("AWS_ACCESS_KEY_ID");
	const char *secret = env_get("AWS_SECRET_ACCESS_KEY");
	const char *token = env_get("AWS_SESSION_TOKEN");
	const char *expiration = env_get("AWS_CREDENTIAL_EXPIRATION");
	const char *token_name = "AWS_SESSION_TOKEN";

	(void)ctx;
	if (id == NULL)
		return 1;
	if (secret == NULL)
		return err_set(err, EXIT_RUNTIME,
			       "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
	if (token == NULL && (token = env_get("AWS_SECURITY_TOKEN")) != NULL)
		token_name = "AWS_SECURITY_TOKEN";
	/* Both go into request headers: a line break would add headers. */
	if (!text_is_token(id, strlen(id), false))
		return err_set(err, EXIT_RUNTIME,
			       "AWS_ACCESS_KEY_ID holds a blank, a line break or another byte that "
			       "cannot go into a request header");
	if (token != NULL && !text_is_token(token, strlen(token), false))
		return err_set(err, EXIT_RUNTIME,
			       "%s holds a blank, a line break or another byte that cannot go "
			       "into a request header",
			       token_name);
	if (str_copy(out->access_key_id, sizeof(out->access_key_id), id) != 0 ||
	    str_copy(out->secret_access_key, sizeof(out->secret_access_key), secret) != 0 ||
	    str_copy(out->session_token, sizeof(out->session_token), token ? token : "") != 0) {
		creds_wipe(out);
		return err_set(err, EXIT_RUNTIME, "credentials in the environment are too long");
	}
	out->expiration = 0;
	if (expiration != NULL && creds_parse_time(expiration, &out->expiration) != 0) {
		creds_wipe(out);
		return err_set(err, EXIT_RUNTIME,
			       "AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 time: %.64s",
			       expiration);
	}
	(void)str_copy(out->source, sizeof(out->source), "environment");
	return 0;
}

const struct creds_provider creds_env = {"environment", resolve};
