#include "aws/sts.h"

#include <stdio.h>
#include <string.h>

#include "aws/sigv4.h"
#include "util/base64.h"
#include "util/str.h"
#include "util/uri.h"
#include "util/xml.h"

#define FORM "application/x-www-form-urlencoded; charset=utf-8"
#define STS_BODY_MAX (64u * 1024)

/* Appends "&name=value" with the value form-encoded. */
static int form_param(struct buf *body, const char *name, const char *value)
{
	if (buf_appendf(body, "&%s=", name) != 0)
		return -1;
	return uri_encode(body, value, strlen(value), 1);
}

/* Reads Result/Credentials of an AssumeRole* response into out. */
static int read_credentials(const char *action, const struct buf *body, struct creds *out,
			    struct err *err)
{
	char path[160], expiration[64];
	static const char *const fields[] = {"AccessKeyId", "SecretAccessKey", "SessionToken",
					     "Expiration"};
	char *const dest[] = {out->access_key_id, out->secret_access_key, out->session_token,
			      expiration};
	const size_t caps[] = {sizeof(out->access_key_id), sizeof(out->secret_access_key),
			       sizeof(out->session_token), sizeof(expiration)};

	for (size_t i = 0; i < 4; i++) {
		int rc;

		(void)str_fmt(path, sizeof(path), "%sResponse/%sResult/Credentials/%s", action,
			      action, fields[i]);
		rc = xml_text(buf_str(body), body->len, path, dest[i], caps[i], err);
		if (rc < 0)
			return err_prefix(err, "STS %s response: ", action);
		if (rc > 0)
			return err_set(err, EXIT_RUNTIME, "STS %s response has no %s", action,
				       fields[i]);
	}
	if (creds_parse_time(expiration, &out->expiration) != 0)
		return err_set(err, EXIT_RUNTIME, "STS %s response: bad Expiration %.40s", action,
			       expiration);
	return 0;
}

static int call(struct aws *aws, const char *action, const struct buf *body, bool unsigned_request,
		const struct creds *creds, struct aws_response *resp, struct err *err)
{
	struct aws_request req = {
	    .service = AWS_SERVICE_STS,
	    .operation = action,
	    .method = "POST",
	    .path = "/",
	    .body = buf_str(body),
	    .body_len = body->len,
	    .content_type = FORM,
	    .unsigned_request = unsigned_request,
	    .creds = creds,
	};

	return aws_send(aws, &req, resp, err);
}

int sts_get_caller_identity(struct aws *aws, struct sts_identity *out, struct err *err)
{
	static const char prefix[] = "GetCallerIdentityResponse/GetCallerIdentityResult/";
	struct aws_response resp;
	struct buf body;
	char path[128];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&resp, 0, sizeof(resp));
	buf_init_secure(&body, STS_BODY_MAX);
	if (buf_append_str(&body, "Action=GetCallerIdentity&Version=2011-06-15") != 0) {
		err_set(err, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	if (call(aws, "GetCallerIdentity", &body, false, NULL, &resp, err) != 0)
		goto out;
	(void)str_fmt(path, sizeof(path), "%sAccount", prefix);
	if (xml_text(buf_str(&resp.body), resp.body.len, path, out->account, sizeof(out->account),
		     err) != 0)
		goto malformed;
	(void)str_fmt(path, sizeof(path), "%sArn", prefix);
	if (xml_text(buf_str(&resp.body), resp.body.len, path, out->arn, sizeof(out->arn), err) !=
	    0)
		goto malformed;
	(void)str_fmt(path, sizeof(path), "%sUserId", prefix);
	if (xml_text(buf_str(&resp.body), resp.body.len, path, out->user_id, sizeof(out->user_id),
		     err) != 0)
		goto malformed;
	rc = 0;
	goto out;
malformed:
	if (err->exit_code == 0)
		err_set(err, EXIT_RUNTIME, "STS GetCallerIdentity response is missing %s", path);
	else
		err_prefix(err, "STS GetCallerIdentity response: ");
out:
	aws_response_free(&resp);
	buf_free(&body);
	return rc;
}

int sts_assume_role(struct aws *aws, const struct creds *source, const char *role_arn,
		    const char *session_name, const char *external_id, int duration_seconds,
		    struct creds *out, struct err *err)
{
	struct aws_response resp;
	struct buf body;
	char duration[16];
	int rc = -1;

	memset(&resp, 0, sizeof(resp));
	buf_init_secure(&body, STS_BODY_MAX);
	if (buf_append_str(&body, "Action=AssumeRole&Version=2011-06-15") != 0 ||
	    form_param(&body, "RoleArn", role_arn) != 0 ||
	    form_param(&body, "RoleSessionName", session_name) != 0 ||
	    (external_id != NULL && form_param(&body, "ExternalId", external_id) != 0)) {
		err_set(err, EXIT_RUNTIME, "AssumeRole request too large");
		goto out;
	}
	if (duration_seconds > 0) {
		(void)str_fmt(duration, sizeof(duration), "%d", duration_seconds);
		if (form_param(&body, "DurationSeconds", duration) != 0) {
			err_set(err, EXIT_RUNTIME, "out of memory");
			goto out;
		}
	}
	if (call(aws, "AssumeRole", &body, false, source, &resp, err) != 0 ||
	    read_credentials("AssumeRole", &resp.body, out, err) != 0)
		goto out;
	rc = 0;
out:
	aws_response_free(&resp);
	buf_free(&body);
	return rc;
}

int sts_assume_role_with_web_identity(struct aws *aws, const char *role_arn,
				      const char *session_name, const char *token,
				      struct creds *out, struct err *err)
{
	struct aws_response resp;
	struct buf body;
	int rc = -1;

	memset(&resp, 0, sizeof(resp));
	buf_init_secure(&body, STS_BODY_MAX);
	if (buf_append_str(&body, "Action=AssumeRoleWithWebIdentity&Version=2011-06-15") != 0 ||
	    form_param(&body, "RoleArn", role_arn) != 0 ||
	    form_param(&body, "RoleSessionName", session_name) != 0 ||
	    form_param(&body, "WebIdentityToken", token) != 0) {
		err_set(err, EXIT_RUNTIME, "AssumeRoleWithWebIdentity request too large");
		goto out;
	}
	if (call(aws, "AssumeRoleWithWebIdentity", &body, true, NULL, &resp, err) != 0 ||
	    read_credentials("AssumeRoleWithWebIdentity", &resp.body, out, err) != 0)
		goto out;
	rc = 0;
out:
	aws_response_free(&resp);
	buf_wipe(&body); /* it holds the web identity token */
	return rc;
}

int sts_presign_caller_identity(struct aws *aws, const char *cluster, struct buf *url,
				struct err *err)
{
	char host_value[256];
	struct creds creds;
	struct sigv4_credentials sc;
	struct sigv4_header headers[2];
	struct sigv4_context ctx;
	struct sigv4_request req;
	struct sigv4_output out;
	struct buf query;
	int rc = -1;

	if (uri_authority(aws->sts_url, host_value, sizeof(host_value)) != 0)
		return err_set(err, EXIT_RUNTIME, "STS endpoint too long");
	if (aws_get_credentials(aws, &creds, err) != 0)
		return -1;
	sc = (struct sigv4_credentials){creds.access_key_id, creds.secret_access_key,
					creds.session_token};
	headers[0] = (struct sigv4_header){"host", host_value};
	headers[1] = (struct sigv4_header){"x-k8s-aws-id", cluster};
	ctx = (struct sigv4_context){.credentials = &sc,
				     .region = aws->region[0] ? aws->region : "us-east-1",
				     .service = "sts",
				     .time = aws_now(aws)};
	memset(&req, 0, sizeof(req));
	memset(&out, 0, sizeof(out));
	req.method = "GET";
	req.path = "/";
	req.query = "Action=GetCallerIdentity&Version=2011-06-15";
	req.headers = headers;
	req.header_count = 2;
	buf_init_secure(&query, 16384);
	if (sigv4_presign(&req, &ctx, 60, &out, &query, err) != 0)
		goto out;
	buf_reset(url);
	if (buf_appendf(url, "%s/?%s", aws->sts_url, buf_str(&query)) != 0) {
		err_set(err, EXIT_RUNTIME, "presigned URL too long");
		goto out;
	}
	rc = 0;
out:
	buf_wipe(&query);
	explicit_bzero(&out, sizeof(out)); /* the signature */
	creds_wipe(&creds);
	return rc;
}

int sts_eks_token(struct aws *aws, const char *cluster, struct buf *token, struct err *err)
{
	struct buf url;
	int rc = -1;

	buf_init_secure(&url, 16384);
	if (sts_presign_caller_identity(aws, cluster, &url, err) != 0)
		goto out;
	buf_reset(token);
	if (buf_append_str(token, "k8s-aws-v1.") != 0 ||
	    base64_encode(token, url.data, url.len, true) != 0) {
		err_set(err, EXIT_RUNTIME, "token too long");
		goto out;
	}
	rc = 0;
out:
	buf_wipe(&url);
	return rc;
}
