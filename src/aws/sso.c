#include "aws/sso.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "aws/endpoint.h"
#include "util/json.h"
#include "util/str.h"
#include "util/text.h"
#include "util/uri.h"

#define URL_MAX 4096
#define HEADER_PREFIX "x-amz-sso_bearer_token: "
/* The CreateToken body: three secrets and the grant type, JSON-escaped
 * (each character at most 6 bytes). */
#define BODY_MAX (3u * 6 * SSO_SECRET_MAX + 256)

void sso_token_wipe(struct sso_token *token)
{
	if (token != NULL)
		explicit_bzero(token, sizeof(*token));
}

int sso_role_credentials_parse(const char *json, size_t len, struct creds *out, struct err *err)
{
	static const char *const fields[] = {"accessKeyId", "secretAccessKey", "sessionToken"};
	struct json_doc doc = {0};
	char *const dest[] = {out->access_key_id, out->secret_access_key, out->session_token};
	const size_t caps[] = {sizeof(out->access_key_id), sizeof(out->secret_access_key),
			       sizeof(out->session_token)};
	int role, rc = -1;
	int64_t millis;

	memset(out, 0, sizeof(*out));
	if (json_parse_object(&doc, json, len, err) != 0)
		goto out;
	role = json_object_get(&doc, 0, "roleCredentials");
	if (json_expect_object(&doc, role, "roleCredentials", err) != 0)
		goto out;
	for (size_t i = 0; i < 3; i++) {
		if (json_get_string(&doc, role, fields[i], dest[i], caps[i], err) != 0) {
			err_prefix(err, "roleCredentials.");
			goto out;
		}
		if (dest[i][0] == '\0') {
			err_set(err, EXIT_RUNTIME, "roleCredentials.%s: empty", fields[i]);
			goto out;
		}
	}
	if (json_get_int64(&doc, role, "expiration", &millis, err) != 0) {
		err_prefix(err, "roleCredentials.");
		goto out;
	}
	/* Epoch milliseconds; anything before 2000 or past 9999 is not a time. */
	if (millis < 946684800000LL || millis > 253402300799000LL) {
		err_set(err, EXIT_RUNTIME,
			"roleCredentials.expiration: %lld is not a time in epoch "
			"milliseconds",
			(long long)millis);
		goto out;
	}
	out->expiration = (time_t)(millis / 1000);
	rc = 0;
out:
	json_doc_free(&doc);
	if (rc != 0)
		creds_wipe(out);
	return rc;
}

int sso_create_token_parse(const char *json, size_t len, time_t now, struct sso_token *token,
			   struct err *err)
{
	struct json_doc doc = {0};
	char *access = calloc(1, SSO_SECRET_MAX), *refresh = calloc(1, SSO_SECRET_MAX);
	int64_t expires_in;
	int r, rc = -1;

	if (access == NULL || refresh == NULL) {
		err_set(err, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	if (json_parse_object(&doc, json, len, err) != 0)
		goto out;
	if (json_get_string(&doc, 0, "accessToken", access, SSO_SECRET_MAX, err) != 0)
		goto out;
	if (access[0] == '\0') {
		err_set(err, EXIT_RUNTIME, "accessToken: empty");
		goto out;
	}
	if (json_get_int64(&doc, 0, "expiresIn", &expires_in, err) != 0)
		goto out;
	if (expires_in <= 0 || expires_in > 366LL * 86400) {
		err_set(err, EXIT_RUNTIME, "expiresIn: %lld is not a lifetime in seconds",
			(long long)expires_in);
		goto out;
	}
	r = json_get_string_opt(&doc, 0, "refreshToken", refresh, SSO_SECRET_MAX, err);
	if (r < 0)
		goto out;
	memcpy(token->access_token, access, SSO_SECRET_MAX);
	token->expires_at = now + (time_t)expires_in;
	if (r == 0)
		memcpy(token->refresh_token, refresh, SSO_SECRET_MAX);
	rc = 0;
out:
	json_doc_free(&doc);
	if (access != NULL) {
		explicit_bzero(access, SSO_SECRET_MAX);
		free(access);
	}
	if (refresh != NULL) {
		explicit_bzero(refresh, SSO_SECRET_MAX);
		free(refresh);
	}
	return rc;
}

/* base + path, with "?name=value&..." percent-encoded from pairs. */
static int build_url(enum endpoint_service service, const char *region, const char *path,
		     const char *const *pairs, struct buf *url, struct err *err)
{
	char base[ENDPOINT_URL_MAX];

	buf_init(url, URL_MAX);
	if (endpoint_resolve(service, region, base, sizeof(base), NULL, err) != 0)
		return -1;
	if (buf_append_str(url, base) != 0 || buf_append_str(url, path) != 0)
		return err_set(err, EXIT_RUNTIME, "SSO URL too long");
	for (size_t i = 0; pairs != NULL && pairs[i] != NULL; i += 2)
		if (buf_appendf(url, "%c%s=", i == 0 ? '?' : '&', pairs[i]) != 0 ||
		    uri_encode(url, pairs[i + 1], strlen(pairs[i + 1]), true) != 0)
			return err_set(err, EXIT_RUNTIME, "SSO URL too long");
	return 0;
}

int sso_get_role_credentials(struct aws *aws, const char *sso_region, const char *access_token,
			     const char *account_id, const char *role_name, struct creds *out,
			     enum sso_failure *why, struct err *err)
{
	const char *const query[] = {"role_name", role_name, "account_id", account_id, NULL};
	char *header = NULL;
	size_t header_cap = sizeof(HEADER_PREFIX) + SSO_SECRET_MAX;
	const char *headers[3] = {"Accept: application/json", NULL, NULL};
	struct buf url;
	struct aws_request req = {
	    .service = AWS_SERVICE_URL,
	    .operation = "GetRoleCredentials",
	    .method = "GET",
	    .unsigned_request = true, /* the bearer token is the credential */
	    .headers = headers,
	};
	struct aws_response resp;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&resp, 0, sizeof(resp));
	*why = SSO_FAILED;
	if (build_url(ENDPOINT_SSO, sso_region, "/federation/credentials", query, &url, err) != 0)
		goto out;
	if (!text_is_token(access_token, strlen(access_token), false)) {
		err_set(err, EXIT_RUNTIME,
			"the cached access token holds a blank, a line break or another byte "
			"that cannot go into a request header");
		goto out;
	}
	header = malloc(header_cap);
	if (header == NULL || str_fmt(header, header_cap, HEADER_PREFIX "%s", access_token) != 0) {
		err_set(err, EXIT_RUNTIME, "the cached access token is too long");
		goto out;
	}
	headers[1] = header;
	req.url = buf_str(&url);
	aws_debug(aws, "sso: GetRoleCredentials for role %s in account %s from %s", role_name,
		  account_id, req.url);
	if (aws_send(aws, &req, &resp, err) != 0) {
		if (resp.status == 401)
			*why = SSO_UNAUTHORIZED;
		else if (resp.status == 403)
			*why = SSO_FORBIDDEN;
		goto out;
	}
	if (sso_role_credentials_parse(buf_str(&resp.body), resp.body.len, out, err) != 0) {
		err_prefix(err, "GetRoleCredentials response: ");
		goto out;
	}
	rc = 0;
out:
	if (header != NULL) {
		explicit_bzero(header, header_cap);
		free(header);
	}
	aws_response_free(&resp); /* wipes: it held the role's keys */
	buf_free(&url);
	return rc;
}

/* The CreateToken body, in a secret buffer (util/buf.h). */
static int token_request_body(const struct sso_token *token, struct buf *body, struct err *err)
{
	struct json_writer w;

	if (buf_init_secret(body, BODY_MAX) != 0)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	json_writer_init(&w, body);
	json_write_begin_object(&w);
	json_write_key_string(&w, "grantType", "refresh_token");
	json_write_key_string(&w, "clientId", token->client_id);
	json_write_key_string(&w, "clientSecret", token->client_secret);
	json_write_key_string(&w, "refreshToken", token->refresh_token);
	json_write_end_object(&w);
	return json_writer_finish(&w, err);
}

int sso_refresh_token(struct aws *aws, const char *sso_region, struct sso_token *token,
		      enum sso_failure *why, struct err *err)
{
	struct buf url, body = {0};
	struct aws_request req = {
	    .service = AWS_SERVICE_URL,
	    .operation = "CreateToken",
	    .method = "POST",
	    .content_type = "application/json",
	    .unsigned_request = true,
	};
	struct aws_response resp;
	int rc = -1;

	memset(&resp, 0, sizeof(resp));
	*why = SSO_FAILED;
	if (build_url(ENDPOINT_SSO_OIDC, sso_region, "/token", NULL, &url, err) != 0)
		goto out;
	if (token_request_body(token, &body, err) != 0)
		goto out;
	req.url = buf_str(&url);
	req.body = buf_str(&body);
	req.body_len = body.len;
	aws_debug(aws, "sso: CreateToken (refresh_token grant) at %s", req.url);
	if (aws_send(aws, &req, &resp, err) != 0) {
		if (resp.status == 400 || resp.status == 401)
			*why = SSO_INVALID_GRANT;
		goto out;
	}
	if (sso_create_token_parse(buf_str(&resp.body), resp.body.len, aws_now(aws), token, err) !=
	    0) {
		err_prefix(err, "CreateToken response: ");
		goto out;
	}
	rc = 0;
out:
	aws_response_free(&resp); /* wipes: it held the new tokens */
	buf_wipe(&body);	  /* the client secret and refresh token */
	buf_free(&url);
	return rc;
}
