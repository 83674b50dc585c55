#include "aws/imds.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/client.h"
#include "aws/config.h"
#include "util/env.h"
#include "util/str.h"
#include "util/text.h"

#define DEFAULT_BASE_V4 "http://169.254.169.254"
#define DEFAULT_BASE_V6 "http://[fd00:ec2::254]"
#define TOKEN_TTL_HEADER "x-aws-ec2-metadata-token-ttl-seconds: 21600"

/* An environment variable, else the same setting in the selected profile. */
static const char *setting(const struct config *config, const char *env, const char *key)
{
	const char *v = env_get(env);

	if (v != NULL || config == NULL)
		return v;
	v = config_get(config, config->profile, key);
	return v != NULL && v[0] != '\0' ? v : NULL;
}

static int load_settings(const struct config *config, struct imds_session *s, struct err *err)
{
	const char *endpoint, *mode, *timeout, *attempts;
	size_t len;

	s->timeout_ms = 1000;
	s->attempts = 1;
	timeout = setting(config, "AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout");
	if (timeout != NULL) {
		char *end;
		double seconds;

		errno = 0;
		seconds = strtod(timeout, &end);
		if (errno != 0 || end == timeout || *end != '\0' || !isfinite(seconds) ||
		    seconds <= 0 || seconds > 3600)
			return err_set(err, EXIT_RUNTIME,
				       "AWS_METADATA_SERVICE_TIMEOUT: \"%.32s\" is not a number of "
				       "seconds (0 < s <= 3600)",
				       timeout);
		s->timeout_ms = (long)(seconds * 1000);
		if (s->timeout_ms < 1)
			s->timeout_ms = 1;
	}
	attempts =
	    setting(config, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts");
	if (attempts != NULL) {
		char *end;
		long n;

		errno = 0;
		n = strtol(attempts, &end, 10);
		if (errno != 0 || end == attempts || *end != '\0' || n < 1 || n > 10)
			return err_set(
			    err, EXIT_RUNTIME,
			    "AWS_METADATA_SERVICE_NUM_ATTEMPTS: \"%.32s\" is not a number "
			    "from 1 to 10",
			    attempts);
		s->attempts = (int)n;
	}

	endpoint =
	    setting(config, "AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint");
	mode = setting(config, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
		       "ec2_metadata_service_endpoint_mode");
	if (endpoint != NULL) {
		if (endpoint_check_url(endpoint, "AWS_EC2_METADATA_SERVICE_ENDPOINT", err) != 0)
			return -1;
		if (str_copy(s->base, sizeof(s->base), endpoint) != 0)
			return err_set(err, EXIT_RUNTIME,
				       "AWS_EC2_METADATA_SERVICE_ENDPOINT: too long");
	} else if (mode == NULL || strcasecmp(mode, "IPv4") == 0) {
		(void)str_copy(s->base, sizeof(s->base), DEFAULT_BASE_V4);
	} else if (strcasecmp(mode, "IPv6") == 0) {
		(void)str_copy(s->base, sizeof(s->base), DEFAULT_BASE_V6);
	} else {
		return err_set(err, EXIT_RUNTIME,
			       "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: \"%.32s\" is neither IPv4 "
			       "nor IPv6",
			       mode);
	}
	len = strlen(s->base);
	while (len > 0 && s->base[len - 1] == '/')
		s->base[--len] = '\0';
	return 0;
}

static void wipe_response(struct aws_response *resp)
{
	if (resp->body.data != NULL)
		explicit_bzero(resp->body.data, resp->body.cap);
	aws_response_free(resp);
}

/* Trailing blanks and newlines are not part of a token or a value. */
static void trim_end(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
}

/* One unsigned plain-URL request with the session's timeout and attempts;
 * the response says how it went. -1 only when nothing could be sent. */
static int request(struct aws *aws, const struct imds_session *s, const char *method,
		   const char *url, const char *const *headers, struct aws_response *resp,
		   struct err *err)
{
	const struct aws_request req = {
	    .service = AWS_SERVICE_URL,
	    .operation = "IMDS",
	    .method = method,
	    .url = url,
	    .unsigned_request = true,
	    .headers = headers,
	    .timeout_ms = s->timeout_ms,
	    .max_attempts = s->attempts,
	};

	return aws_send_all(aws, 1, &req, resp, err);
}

int imds_open(struct aws *aws, const struct config *config, struct imds_session *s, struct err *err)
{
	const char *headers[] = {TOKEN_TTL_HEADER, NULL};
	struct aws_response resp = {0};
	char url[IMDS_URL_MAX + 32];
	int rc = -1;

	memset(s, 0, sizeof(*s));
	if (env_true("AWS_EC2_METADATA_DISABLED")) {
		aws_debug(aws, "imds: disabled by AWS_EC2_METADATA_DISABLED");
		return 1;
	}
	if (load_settings(config, s, err) != 0)
		return -1;
	if (str_fmt(url, sizeof(url), "%s/latest/api/token", s->base) != 0)
		return err_set(err, EXIT_RUNTIME, "IMDS endpoint too long");
	if (request(aws, s, "PUT", url, headers, &resp, err) != 0)
		goto out;
	if (resp.failure != HTTP_OK) {
		aws_debug(aws, "imds: %s unreachable: %s", s->base, resp.error_message);
		rc = 1;
		goto out;
	}
	if (resp.status == 200) {
		if (resp.body.len == 0 || resp.body.len >= sizeof(s->token)) {
			err_set(err, EXIT_RUNTIME, "IMDS token: %s body (%zu bytes)",
				resp.body.len == 0 ? "empty" : "oversized", resp.body.len);
			goto out;
		}
		memcpy(s->token, resp.body.data, resp.body.len);
		s->token[resp.body.len] = '\0';
		trim_end(s->token);
		if (s->token[0] == '\0' || !text_is_token(s->token, strlen(s->token), false)) {
			err_set(err, EXIT_RUNTIME, "IMDS token: malformed");
			goto out;
		}
		aws_debug(aws, "imds: IMDSv2 session token from %s", s->base);
		rc = 0;
		goto out;
	}
	if (resp.status == 403 || resp.status == 404 || resp.status == 405) {
		const char *v1_disabled =
		    setting(config, "AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled");

		if (v1_disabled != NULL && strcasecmp(v1_disabled, "true") == 0) {
			err_set(
			    err, EXIT_RUNTIME,
			    "IMDS at %s refused a session token (HTTP %ld) and IMDSv1 is disabled "
			    "by AWS_EC2_METADATA_V1_DISABLED",
			    s->base, resp.status);
			goto out;
		}
		aws_debug(aws, "imds: token refused (HTTP %ld); falling back to IMDSv1",
			  resp.status);
		rc = 0;
		goto out;
	}
	aws_debug(aws, "imds: token request answered HTTP %ld; IMDS not used", resp.status);
	rc = 1;
out:
	wipe_response(&resp);
	if (rc != 0)
		imds_close(s);
	return rc;
}

int imds_session_get(struct aws *aws, struct imds_session *s, const char *path, char *out,
		     size_t cap, struct err *err)
{
	char header[IMDS_TOKEN_MAX + 40] = "";
	const char *headers[] = {header, NULL};
	struct aws_response resp = {0};
	char url[IMDS_URL_MAX + 256];
	int rc = -1;

	if (cap > 0)
		out[0] = '\0';
	if (str_fmt(url, sizeof(url), "%s/%s", s->base, path) != 0)
		return err_set(err, EXIT_RUNTIME, "IMDS path too long: %.64s", path);
	if (s->token[0] != '\0')
		(void)str_fmt(header, sizeof(header), "x-aws-ec2-metadata-token: %s", s->token);
	if (request(aws, s, "GET", url, s->token[0] != '\0' ? headers : NULL, &resp, err) != 0)
		goto out;
	if (resp.failure != HTTP_OK) {
		err_set(err, EXIT_RUNTIME, "IMDS GET /%s: %s", path, resp.error_message);
		goto out;
	}
	if (resp.status == 404 || (resp.status == 200 && resp.body.len == 0)) {
		aws_debug(aws, "imds: /%s: %s", path, resp.status == 404 ? "not found" : "empty");
		rc = 1;
		goto out;
	}
	if (resp.status != 200) {
		err_set(err, EXIT_RUNTIME, "IMDS GET /%s: HTTP %ld", path, resp.status);
		goto out;
	}
	if (resp.body.len >= cap) {
		err_set(err, EXIT_RUNTIME, "IMDS GET /%s: response larger than %zu bytes", path,
			cap - 1);
		goto out;
	}
	memcpy(out, resp.body.data, resp.body.len);
	out[resp.body.len] = '\0';
	rc = 0;
out:
	explicit_bzero(header, sizeof(header));
	wipe_response(&resp);
	return rc;
}

void imds_close(struct imds_session *s)
{
	explicit_bzero(s->token, sizeof(s->token));
}

/* In one session, the first of `paths` that exists; *which: its index. */
static int get_first(struct aws *aws, const struct config *config, const char *const *paths, int n,
		     int *which, char *out, size_t cap, struct err *err)
{
	struct imds_session s;
	int i, rc;

	if (cap > 0)
		out[0] = '\0';
	rc = imds_open(aws, config, &s, err);
	if (rc != 0)
		return rc;
	for (i = 0; i < n; i++) {
		rc = imds_session_get(aws, &s, paths[i], out, cap, err);
		if (rc != 1)
			break;
	}
	*which = i;
	imds_close(&s);
	return rc;
}

static bool region_like(const char *s)
{
	if (s[0] == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-')
			return false;
	return true;
}

int imds_region(struct aws *aws, const struct config *config, char *out, size_t cap,
		struct err *err)
{
	static const char *const paths[] = {"latest/meta-data/placement/region",
					    "latest/meta-data/placement/availability-zone"};
	char value[128];
	size_t len;
	int which = 0, rc;

	if (cap > 0)
		out[0] = '\0';
	rc = get_first(aws, config, paths, 2, &which, value, sizeof(value), err);
	if (rc != 0)
		return rc;
	trim_end(value);
	len = strlen(value);
	/* us-west-2a → us-west-2 */
	if (which == 1 && len > 1 && isalpha((unsigned char)value[len - 1]))
		value[len - 1] = '\0';
	if (!region_like(value))
		return err_set(err, EXIT_RUNTIME, "IMDS: malformed region \"%.64s\"", value);
	if (str_copy(out, cap, value) != 0)
		return err_set(err, EXIT_RUNTIME, "IMDS: region too long");
	return 0;
}
