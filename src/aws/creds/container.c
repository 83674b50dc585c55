/* Container credentials (conventions §1.5): the ECS task role on
 * 169.254.170.2, CodeBuild, and EKS Pod Identity through a full URI with an
 * authorization token that is re-read from its file on every fetch. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/creds/chain.h"
#include "aws/creds/common.h"
#include "aws/endpoint.h"
#include "util/str.h"
#include "util/text.h"
#include "util/uri.h"

#define ECS_HOST "http://169.254.170.2"
#define TIMEOUT_MS 2000
#define ATTEMPTS 3

int creds_container_parse(const char *json, size_t len, struct creds *out, struct err *err)
{
	return creds_parse_json(json, len, "Token", true, NULL, out, err);
}

static bool host_allowed(const char *host)
{
	static const char *const named[] = {"localhost", "169.254.170.2", "169.254.170.23"};
	unsigned char addr[16];
	unsigned char ecs_v6[16], loop_v6[16];

	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (strcasecmp(host, named[i]) == 0)
			return true;
	if (inet_pton(AF_INET, host, addr) == 1)
		return addr[0] == 127;
	if (inet_pton(AF_INET6, host, addr) == 1) {
		if (inet_pton(AF_INET6, "fd00:ec2::23", ecs_v6) != 1 ||
		    inet_pton(AF_INET6, "::1", loop_v6) != 1)
			return false;
		return memcmp(addr, ecs_v6, 16) == 0 || memcmp(addr, loop_v6, 16) == 0;
	}
	return false;
}

bool creds_container_url_allowed(const char *url)
{
	char host[256];
	bool plain_http;

	if (uri_host(url, &plain_http, host, sizeof(host)) != 0)
		return false;
	return !plain_http || host_allowed(host);
}

/* Authorization from the token file (re-read now, so rotation works) or the
 * token variable; the result goes into a header line. */
static int authorization(char *header, size_t cap, struct err *err)
{
	const char *file = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *value = getenv("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	struct buf token = {0};
	size_t len;
	int rc = -1;

	header[0] = '\0';
	if (file != NULL && file[0] != '\0') {
		if (creds_read_secret_file(file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token,
					   err) != 0)
			return -1;
		/* A final newline from `echo` is not part of the token. */
		len = token.len;
		while (len > 0 && (token.data[len - 1] == '\n' || token.data[len - 1] == '\r'))
			token.data[--len] = '\0';
		value = token.data;
	}
	if (value == NULL || value[0] == '\0') {
		rc = 0;
		goto out;
	}
	if (!text_is_token(value, strlen(value), true)) {
		err_set(err, EXIT_RUNTIME,
			"%s: the token holds a line break or another byte that cannot go into "
			"a request header",
			token.data ? "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
				   : "AWS_CONTAINER_AUTHORIZATION_TOKEN");
		goto out;
	}
	if (str_fmt(header, cap, "Authorization: %s", value) != 0) {
		explicit_bzero(header, cap);
		err_set(err, EXIT_RUNTIME, "container authorization token: too long");
		goto out;
	}
	rc = 0;
out:
	buf_wipe(&token);
	return rc;
}

/* The error a credential endpoint sent: JSON {"code","message"} or text. */
static void describe_failure(const struct aws_response *resp, char *out, size_t cap)
{
	struct json_doc doc = {0};
	struct err ignored = {0};
	char code[128] = "", message[256] = "";

	if (json_parse_object(&doc, buf_str(&resp->body), resp->body.len, &ignored) == 0) {
		if (json_get_string_opt(&doc, 0, "code", code, sizeof(code), &ignored) < 0)
			code[0] = '\0';
		if (json_get_string_opt(&doc, 0, "message", message, sizeof(message), &ignored) < 0)
			message[0] = '\0';
	}
	json_doc_free(&doc);
	(void)str_fmt(out, cap, "HTTP %ld%s%s%s%s", resp->status, code[0] ? ": " : "", code,
		      message[0] ? ": " : "", message);
}

static int container_resolve(const struct creds_context *ctx, struct creds *out, struct err *err)
{
	const char *relative = getenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	char url[2048], header[CREDS_FILE_MAX / 8], reason[512];
	const char *headers[3] = {"Accept: application/json", NULL, NULL};
	const struct aws_request req = {
	    .service = AWS_SERVICE_URL,
	    .operation = "container credentials",
	    .method = "GET",
	    .url = url,
	    .unsigned_request = true,
	    .headers = headers,
	    .timeout_ms = TIMEOUT_MS,
	    .max_attempts = ATTEMPTS,
	};
	struct aws_response resp = {0};
	int rc = -1;

	memset(out, 0, sizeof(*out));
	header[0] = '\0';
	if (relative != NULL && relative[0] != '\0' &&
	    !text_is_token(relative, strlen(relative), false))
		return err_set(err, EXIT_RUNTIME,
			       "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI holds a blank, a line break "
			       "or another byte that is not printable ASCII");
	if ((relative == NULL || relative[0] == '\0') && full != NULL &&
	    !text_is_token(full, strlen(full), false))
		return err_set(err, EXIT_RUNTIME,
			       "AWS_CONTAINER_CREDENTIALS_FULL_URI holds a blank, a line break or "
			       "another byte that is not printable ASCII");
	if (relative != NULL && relative[0] != '\0') {
		if (str_fmt(url, sizeof(url), "%s%s%s", ECS_HOST, relative[0] == '/' ? "" : "/",
			    relative) != 0)
			return err_set(err, EXIT_RUNTIME,
				       "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: too long");
	} else if (full != NULL && full[0] != '\0') {
		if (!creds_container_url_allowed(full))
			return err_set(
			    err, EXIT_RUNTIME,
			    "AWS_CONTAINER_CREDENTIALS_FULL_URI %.200s: refused: only "
			    "https://, or http:// to loopback, localhost, 169.254.170.2, "
			    "169.254.170.23 or [fd00:ec2::23]",
			    full);
		if (str_copy(url, sizeof(url), full) != 0)
			return err_set(err, EXIT_RUNTIME,
				       "AWS_CONTAINER_CREDENTIALS_FULL_URI: too long");
	} else {
		return 1;
	}
	if (authorization(header, sizeof(header), err) != 0)
		goto out;
	if (header[0] != '\0')
		headers[1] = header;
	aws_debug(ctx->client, "container credentials: GET %s%s", url,
		  header[0] ? " (with authorization token)" : "");
	if (aws_send_all(ctx->client, 1, &req, &resp, err) != 0)
		goto out;
	if (resp.failure != HTTP_OK) {
		err_set(err, EXIT_RUNTIME, "container credentials from %s: %s", url,
			resp.error_message);
		goto out;
	}
	if (resp.status != 200) {
		describe_failure(&resp, reason, sizeof(reason));
		err_set(err, EXIT_RUNTIME, "container credentials from %s: %s", url, reason);
		goto out;
	}
	if (creds_container_parse(buf_str(&resp.body), resp.body.len, out, err) != 0) {
		err_prefix(err, "container credentials from %s: ", url);
		goto out;
	}
	(void)str_copy(out->source, sizeof(out->source), "container");
	rc = 0;
out:
	explicit_bzero(header, sizeof(header));
	if (resp.body.data != NULL)
		explicit_bzero(resp.body.data, resp.body.cap);
	aws_response_free(&resp);
	if (rc != 0)
		creds_wipe(out);
	return rc;
}

const struct creds_provider creds_container = {"container", container_resolve};
