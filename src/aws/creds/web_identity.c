/* Web identity (EKS IRSA, GitHub OIDC...): a token file exchanged for role
 * credentials through the unsigned STS AssumeRoleWithWebIdentity
 * (conventions §1.3). The file is read afresh every time, since the
 * kubelet rotates it. */
#include <stdlib.h>
#include <string.h>

#include "aws/creds/chain.h"
#include "aws/creds/common.h"
#include "aws/sts.h"
#include "util/env.h"
#include "util/str.h"

int creds_web_identity_assume(struct aws *aws, const char *token_file, const char *role_arn,
			      const char *session_name, struct creds *out, struct err *err)
{
	struct buf token;
	char default_name[64];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (session_name == NULL || session_name[0] == '\0') {
		(void)str_fmt(default_name, sizeof(default_name), "eks-upgrade-%lld",
			      (long long)aws_now(aws));
		session_name = default_name;
	}
	/* The token goes to STS exactly as read: botocore does not trim it. */
	if (creds_read_secret_file(token_file, "web identity token file", &token, err) != 0)
		return -1;
	aws_debug(aws, "web identity: AssumeRoleWithWebIdentity %s as %s (token from %s)", role_arn,
		  session_name, token_file);
	if (sts_assume_role_with_web_identity(aws, role_arn, session_name, token.data, out, err) !=
	    0) {
		err_prefix(err, "web identity (role %.100s): ", role_arn);
		goto out;
	}
	(void)str_copy(out->source, sizeof(out->source), "web-identity");
	rc = 0;
out:
	buf_wipe(&token);
	if (rc != 0)
		creds_wipe(out);
	return rc;
}

static int web_identity_resolve(const struct creds_context *ctx, struct creds *out, struct err *err)
{
	const char *file = env_get("AWS_WEB_IDENTITY_TOKEN_FILE");
	const char *role = env_get("AWS_ROLE_ARN");

	if (file == NULL)
		return 1;
	if (role == NULL)
		return err_set(err, EXIT_RUNTIME,
			       "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
	return creds_web_identity_assume(ctx->client, file, role, env_get("AWS_ROLE_SESSION_NAME"),
					 out, err);
}

const struct creds_provider creds_web_identity = {"web-identity", web_identity_resolve};
