/* The EC2 instance role through IMDSv2 (conventions §1.6): the role name
 * from iam/security-credentials/, then that role's credentials document. */
#include <stdlib.h>
#include <string.h>

#include "aws/creds/chain.h"
#include "aws/creds/common.h"
#include "aws/imds.h"
#include "util/str.h"
#include "util/uri.h"

#define ROLES_PATH "latest/meta-data/iam/security-credentials/"
#define DOCUMENT_MAX (16u * 1024)

/* A document with a Code other than Success carries no keys, only why. */
static int check_code(const struct json_doc *doc, struct err *err)
{
	char code[64], message[160] = "";
	int r = json_get_string_opt(doc, 0, "Code", code, sizeof(code), err);
	struct err ignored;

	if (r != 0 || strcmp(code, "Success") == 0)
		return r < 0 ? -1 : 0;
	err_clear(&ignored);
	if (json_get_string_opt(doc, 0, "Message", message, sizeof(message), &ignored) < 0)
		message[0] = '\0';
	return err_set(err, EXIT_RUNTIME, "Code: %s%s%s", code, message[0] ? ": " : "", message);
}

int creds_imds_parse(const char *json, size_t len, struct creds *out, struct err *err)
{
	return creds_parse_json(json, len, "Token", true, check_code, out, err);
}

int creds_imds_first_role(const char *list, char *out, size_t cap)
{
	size_t n = strcspn(list, "\r\n");

	while (n > 0 && (list[n - 1] == ' ' || list[n - 1] == '\t'))
		n--;
	if (n == 0 || n >= cap || memchr(list, '/', n) != NULL)
		return -1;
	memcpy(out, list, n);
	out[n] = '\0';
	return 0;
}

static int imds_resolve(const struct creds_context *ctx, struct creds *out, struct err *err)
{
	struct imds_session session;
	char list[1024], role[256], path[sizeof(ROLES_PATH) + 3 * sizeof(role)];
	char *document = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = imds_open(ctx->client, ctx->config, &session, err);
	if (rc != 0)
		return rc;
	rc = imds_session_get(ctx->client, &session, ROLES_PATH, list, sizeof(list), err);
	if (rc != 0) {
		if (rc == 1)
			aws_debug(ctx->client, "imds: no instance role");
		goto out;
	}
	if (creds_imds_first_role(list, role, sizeof(role)) != 0) {
		rc = err_set(err, EXIT_RUNTIME, "IMDS: malformed role name in /%s", ROLES_PATH);
		goto out;
	}
	/* The role name comes from IMDS: ".." or "role?x=1" must stay one
	 * path segment of this path (uri_encode_segment). */
	{
		struct buf b;
		int bad;

		buf_init(&b, sizeof(path) - 1);
		bad = buf_append_str(&b, ROLES_PATH) != 0 || uri_encode_segment(&b, role) != 0 ||
		      str_copy(path, sizeof(path), buf_str(&b)) != 0;
		buf_free(&b);
		if (bad) {
			rc = err_set(err, EXIT_RUNTIME, "IMDS: role name too long in /%s",
				     ROLES_PATH);
			goto out;
		}
	}
	document = calloc(1, DOCUMENT_MAX);
	if (document == NULL) {
		rc = err_set(err, EXIT_RUNTIME, "IMDS: out of memory");
		goto out;
	}
	rc = imds_session_get(ctx->client, &session, path, document, DOCUMENT_MAX, err);
	if (rc == 1) {
		rc = err_set(err, EXIT_RUNTIME, "IMDS: no credentials for instance role %s", role);
		goto out;
	}
	if (rc != 0)
		goto out;
	if (creds_imds_parse(document, strlen(document), out, err) != 0) {
		rc = err_prefix(err, "IMDS credentials for role %s: ", role);
		goto out;
	}
	(void)str_copy(out->source, sizeof(out->source), "imds");
	aws_debug(ctx->client, "imds: credentials for instance role %s", role);
out:
	if (document != NULL) {
		explicit_bzero(document, DOCUMENT_MAX);
		free(document);
	}
	imds_close(&session);
	if (rc != 0)
		creds_wipe(out);
	return rc;
}

const struct creds_provider creds_imds = {"imds", imds_resolve};
