/* IAM Identity Center (SSO) profiles (conventions, last section), as
 * botocore's SSOProvider and SSOTokenProvider do it: the token `aws sso
 * login` cached in ~/.aws/sso/cache/<sha1>.json, refreshed through SSO OIDC
 * CreateToken when a session profile's token is about to expire (and
 * written back, as the CLI would), then the portal's GetRoleCredentials.
 * An SSO profile yields SSO credentials or stops the chain with a message
 * saying what to fix, never a fall-back to another identity. Every copy of the access token,
 * refresh token and client secret is wiped before it is released. */
#include <bearssl.h>
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aws/creds/common.h"
#include "util/env.h"
#include "util/ini.h"
#include "util/json.h"
#include "util/str.h"

/* botocore refreshes a session's token once fewer than 15 minutes remain. */
#define REFRESH_WINDOW (15 * 60)
#define CACHE_DIR "/.aws/sso/cache"

/* The resolved settings of one SSO profile. */
struct sso_config {
	const char *session; /* sso_session, or NULL: the legacy form */
	const char *start_url;
	const char *region;
	const char *account_id;
	const char *role_name;
};

static const char *get(const struct config *config, const char *profile, const char *key)
{
	const char *v = config_get(config, profile, key);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

enum creds_sso_keys creds_sso_keys(const struct config *config, const char *profile)
{
	if (get(config, profile, "sso_account_id") != NULL ||
	    get(config, profile, "sso_role_name") != NULL)
		return CREDS_SSO_PROFILE;
	if (get(config, profile, "sso_session") != NULL ||
	    get(config, profile, "sso_start_url") != NULL ||
	    get(config, profile, "sso_region") != NULL)
		return CREDS_SSO_PARTIAL;
	return CREDS_SSO_NONE;
}

int creds_sso_cache_name(const char *key, char *out, size_t cap)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char digest[br_sha1_SIZE];
	br_sha1_context sha1;

	if (cap < 2 * br_sha1_SIZE + sizeof(".json"))
		return -1;
	br_sha1_init(&sha1);
	br_sha1_update(&sha1, key, strlen(key));
	br_sha1_out(&sha1, digest);
	for (size_t i = 0; i < br_sha1_SIZE; i++) {
		out[2 * i] = hex[digest[i] >> 4];
		out[2 * i + 1] = hex[digest[i] & 15];
	}
	memcpy(out + 2 * br_sha1_SIZE, ".json", sizeof(".json"));
	return 0;
}

int creds_sso_parse_time(const char *text, time_t *out)
{
	char copy[64];
	size_t len = strlen(text);

	/* Old AWS CLI versions wrote "2019-11-14T04:05:45UTC". */
	if (len > 3 && len < sizeof(copy) && strcmp(text + len - 3, "UTC") == 0) {
		memcpy(copy, text, len - 3);
		copy[len - 3] = '\0';
		return copy[len - 4] >= '0' && copy[len - 4] <= '9' ? creds_parse_time(copy, out)
								    : -1;
	}
	return creds_parse_time(text, out);
}

/* The optional strings of a token cache file, where they go, in the order
 * the AWS CLI writes them. */
static const struct {
	const char *key;
	size_t offset, size;
} optional_fields[] = {
    {"clientId", offsetof(struct sso_token, client_id), SSO_TEXT_MAX},
    {"clientSecret", offsetof(struct sso_token, client_secret), SSO_SECRET_MAX},
    {"registrationExpiresAt", offsetof(struct sso_token, registration_expires_at), 64},
    {"refreshToken", offsetof(struct sso_token, refresh_token), SSO_SECRET_MAX},
    {"startUrl", offsetof(struct sso_token, start_url), SSO_TEXT_MAX},
    {"region", offsetof(struct sso_token, region), 64},
};

int creds_sso_token_parse(const char *json, size_t len, struct sso_token *out, struct err *err)
{
	struct json_doc doc = {0};
	char expires[64];
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (json_parse_object(&doc, json, len, err) != 0)
		goto out;
	if (json_get_string(&doc, 0, "accessToken", out->access_token, sizeof(out->access_token),
			    err) != 0)
		goto out;
	if (out->access_token[0] == '\0') {
		err_set(err, EXIT_RUNTIME, "accessToken: empty");
		goto out;
	}
	if (json_get_string(&doc, 0, "expiresAt", expires, sizeof(expires), err) != 0)
		goto out;
	if (creds_sso_parse_time(expires, &out->expires_at) != 0) {
		err_set(err, EXIT_RUNTIME, "expiresAt: not an ISO-8601 time: \"%.40s\"", expires);
		goto out;
	}
	for (size_t i = 0; i < sizeof(optional_fields) / sizeof(optional_fields[0]); i++)
		if (json_get_string_opt(&doc, 0, optional_fields[i].key,
					(char *)out + optional_fields[i].offset,
					optional_fields[i].size, err) < 0)
			goto out;
	rc = 0;
out:
	json_doc_free(&doc);
	if (rc != 0)
		sso_token_wipe(out);
	return rc;
}

static void format_time(time_t t, char *out, size_t cap)
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		(void)str_copy(out, cap, "(unknown time)");
}

/* The cache file's JSON, in the AWS CLI's field order, into a secret buffer
 * large enough for every field escaped (6 bytes a character at most). */
static int token_json(const struct sso_token *token, struct buf *text, struct err *err)
{
	const size_t cap = 6 * sizeof(*token) + 512;
	char expires[32];
	struct json_writer w;

	if (buf_init_secret(text, cap) != 0)
		return err_set(err, EXIT_RUNTIME, "out of memory");
	format_time(token->expires_at, expires, sizeof(expires));
	json_writer_init(&w, text);
	json_write_begin_object(&w);
	json_write_key_string(&w, "startUrl", token->start_url);
	json_write_key_string(&w, "region", token->region);
	json_write_key_string(&w, "accessToken", token->access_token);
	json_write_key_string(&w, "expiresAt", expires);
	for (size_t i = 0; i < sizeof(optional_fields) / sizeof(optional_fields[0]); i++) {
		const char *value = (const char *)token + optional_fields[i].offset;

		if (value[0] != '\0' && strcmp(optional_fields[i].key, "startUrl") != 0 &&
		    strcmp(optional_fields[i].key, "region") != 0)
			json_write_key_string(&w, optional_fields[i].key, value);
	}
	json_write_end_object(&w);
	return json_writer_finish(&w, err);
}

int creds_sso_token_save(const char *path, const struct sso_token *token, struct err *err)
{
	char tmp[CONFIG_PATH_MAX + 128];
	struct buf text = {0};
	size_t done = 0;
	int fd = -1, rc = -1;

	tmp[0] = '\0';
	if (token_json(token, &text, err) != 0)
		goto out;
	if (str_fmt(tmp, sizeof(tmp), "%s.XXXXXX", path) != 0) {
		tmp[0] = '\0';
		err_set(err, EXIT_RUNTIME, "%s: path too long", path);
		goto out;
	}
	fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0) {
		err_set(err, EXIT_RUNTIME, "%s: %s", tmp, strerror(errno));
		tmp[0] = '\0';
		goto out;
	}
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (fchmod(fd, 0600) != 0) {
		err_set(err, EXIT_RUNTIME, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	while (done < text.len) {
		ssize_t n = write(fd, text.data + done, text.len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err_set(err, EXIT_RUNTIME, "%s: %s", tmp, strerror(errno));
			goto out;
		}
		done += (size_t)n;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		fd = -1;
		err_set(err, EXIT_RUNTIME, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0) {
		err_set(err, EXIT_RUNTIME, "%s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0 && tmp[0] != '\0')
		(void)unlink(tmp);
	buf_wipe(&text);
	return rc;
}

/* Appends "; run: aws sso login --profile NAME" to the recorded message. */
static int login_needed(struct err *err, const char *profile)
{
	size_t n = strlen(err->message);

	(void)str_fmt(err->message + n, sizeof(err->message) - n, "; " CREDS_SSO_HINT "%s",
		      profile);
	return -1;
}

/* The profile's SSO settings, with those of its [sso-session] merged in
 * (botocore refuses a profile value that differs from the session's). */
static int load_config(const struct config *config, const char *profile, struct sso_config *c,
		       const char **key, struct err *err)
{
	static const char *const session_keys[] = {"sso_start_url", "sso_region"};
	const char *missing[4];
	size_t n_missing = 0;

	memset(c, 0, sizeof(*c));
	c->session = get(config, profile, "sso_session");
	c->start_url = get(config, profile, "sso_start_url");
	c->region = get(config, profile, "sso_region");
	c->account_id = get(config, profile, "sso_account_id");
	c->role_name = get(config, profile, "sso_role_name");
	if (c->session != NULL) {
		const char *section =
		    ini_find_section(&config->config_file, "sso-session", c->session);
		const char **values[] = {&c->start_url, &c->region};

		*key = "sso_session";
		if (section == NULL)
			return err_set(err, EXIT_RUNTIME,
				       "sso_session %.100s: there is no [sso-session %.100s] "
				       "section in %s",
				       c->session, c->session,
				       config->config_path[0] ? config->config_path
							      : "the config file");
		for (size_t i = 0; i < 2; i++) {
			const char *v = ini_get(&config->config_file, section, session_keys[i]);

			if (v == NULL || v[0] == '\0')
				return err_set(err, EXIT_RUNTIME,
					       "[sso-session %.100s] in %s has no %s", c->session,
					       config->config_path, session_keys[i]);
			if (*values[i] != NULL && strcmp(*values[i], v) != 0) {
				*key = session_keys[i];
				return err_set(err, EXIT_RUNTIME,
					       "%s %.200s differs from the %.200s of "
					       "[sso-session %.100s]",
					       session_keys[i], *values[i], v, c->session);
			}
			*values[i] = v;
		}
	}
	if (c->start_url == NULL)
		missing[n_missing++] = "sso_start_url";
	if (c->region == NULL)
		missing[n_missing++] = "sso_region";
	if (c->account_id == NULL)
		missing[n_missing++] = "sso_account_id";
	if (c->role_name == NULL)
		missing[n_missing++] = "sso_role_name";
	if (n_missing > 0) {
		char list[128] = "";

		for (size_t i = 0; i < n_missing; i++)
			(void)str_fmt(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				      i == 0		   ? ""
				      : i + 1 == n_missing ? " and "
							   : ", ",
				      missing[i]);
		*key = missing[0];
		return err_set(err, EXIT_RUNTIME,
			       "an IAM Identity Center (SSO) profile needs %s, which it does not "
			       "have (aws configure sso writes them)",
			       list);
	}
	*key = c->session != NULL ? "sso_session" : "sso_start_url";
	return 0;
}

/* Refreshes a token that expires within REFRESH_WINDOW, when botocore
 * would: the sso_session form, with a refresh token and a client
 * registration that has not expired. A token that cannot be refreshed but
 * is still valid is used as it is; an expired one stops here. */
static int refresh(struct aws *aws, const struct sso_config *c, const char *what, const char *path,
		   const char *profile, struct sso_token *token, struct err *err)
{
	time_t now = aws_now(aws), registration;
	bool expired = token->expires_at <= now;
	const char *why_not = NULL;
	char when[32];
	enum sso_failure failure;
	struct err failed;

	format_time(token->expires_at, when, sizeof(when));
	if (c->session == NULL)
		why_not = "a legacy sso_start_url profile cannot refresh it";
	else if (token->refresh_token[0] == '\0' || token->client_id[0] == '\0' ||
		 token->client_secret[0] == '\0')
		why_not = "the cache holds no refresh token";
	else if (token->registration_expires_at[0] != '\0' &&
		 (creds_sso_parse_time(token->registration_expires_at, &registration) != 0 ||
		  registration <= now))
		why_not = "the client registration in the cache has expired";
	if (why_not != NULL) {
		if (!expired) {
			aws_debug(aws, "sso: the token of %s expires at %s; not refreshed: %s",
				  what, when, why_not);
			return 0;
		}
		err_set(err, EXIT_RUNTIME, "the SSO token of %s expired at %s (%s)", what, when,
			why_not);
		return login_needed(err, profile);
	}
	err_clear(&failed);
	if (sso_refresh_token(aws, c->region, token, &failure, &failed) != 0) {
		if (failed.exit_code != EXIT_RUNTIME) /* interrupted */
			return err_set(err, failed.exit_code, "%s", failed.message);
		if (!expired) {
			aws_debug(aws,
				  "sso: refreshing the token of %s failed (%s); it is valid "
				  "until %s",
				  what, failed.message, when);
			return 0;
		}
		err_set(err, EXIT_RUNTIME,
			"the SSO token of %s expired at %s and could not be "
			"refreshed: %s",
			what, when, failed.message);
		return login_needed(err, profile);
	}
	/* Written back as the CLI would, so the next run (and the aws CLI)
	 * finds the new token and the rotated refresh token. */
	(void)str_copy(token->start_url, sizeof(token->start_url), c->start_url);
	(void)str_copy(token->region, sizeof(token->region), c->region);
	format_time(token->expires_at, when, sizeof(when));
	err_clear(&failed);
	if (creds_sso_token_save(path, token, &failed) != 0)
		aws_debug(aws, "sso: token refreshed (valid until %s) but not saved: %s", when,
			  failed.message);
	else
		aws_debug(aws, "sso: token refreshed, valid until %s, saved to %s", when, path);
	return 0;
}

int creds_sso_resolve(struct aws *aws, const struct config *config, const char *profile,
		      struct creds *out, const char **key, struct err *err)
{
	const char *home = env_get("HOME");
	struct sso_config c;
	struct sso_token *token = NULL;
	struct buf file = {0};
	char name[64], path[CONFIG_PATH_MAX + 64], what[256];
	enum sso_failure failure;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	*key = "sso_session";
	if (load_config(config, profile, &c, key, err) != 0)
		return -1;
	if (c.session != NULL)
		(void)str_fmt(what, sizeof(what), "session %s", c.session);
	else
		(void)str_fmt(what, sizeof(what), "start URL %s", c.start_url);
	if (home == NULL)
		return err_set(err, EXIT_RUNTIME,
			       "$HOME is not set, so there is no SSO token cache (~%s)", CACHE_DIR);
	if (creds_sso_cache_name(c.session != NULL ? c.session : c.start_url, name, sizeof(name)) !=
		0 ||
	    str_fmt(path, sizeof(path), "%s%s/%s", home, CACHE_DIR, name) != 0)
		return err_set(err, EXIT_RUNTIME, "$HOME is too long");
	if (creds_read_secret_file(path, "SSO token cache", &file, err) != 0) {
		err_prefix(err, "no usable SSO token for %s: ", what);
		return login_needed(err, profile);
	}
	token = calloc(1, sizeof(*token));
	if (token == NULL) {
		err_set(err, EXIT_RUNTIME, "out of memory");
		goto out;
	}
	if (creds_sso_token_parse(file.data, file.len, token, err) != 0) {
		err_prefix(err, "SSO token cache %s: ", path);
		login_needed(err, profile);
		goto out;
	}
	buf_wipe(&file);
	if (token->expires_at - aws_now(aws) < REFRESH_WINDOW &&
	    refresh(aws, &c, what, path, profile, token, err) != 0)
		goto out;
	if (sso_get_role_credentials(aws, c.region, token->access_token, c.account_id, c.role_name,
				     out, &failure, err) != 0) {
		if (failure == SSO_UNAUTHORIZED) {
			err_prefix(err, "the SSO portal did not accept the token of %s: ", what);
			login_needed(err, profile);
		} else if (failure == SSO_FORBIDDEN) {
			*key = "sso_role_name";
			err_prefix(err,
				   "role %.100s in account %.32s is not assigned to this login "
				   "(check sso_account_id and sso_role_name): ",
				   c.role_name, c.account_id);
		} else {
			err_prefix(err, "SSO portal (%s): ", c.region);
		}
		goto out;
	}
	(void)str_fmt(out->source, sizeof(out->source), "sso:%s", profile);
	aws_debug(aws, "sso: credentials for role %s in account %s (token of %s)", c.role_name,
		  c.account_id, what);
	rc = 0;
out:
	buf_wipe(&file);
	if (token != NULL) {
		sso_token_wipe(token);
		free(token);
	}
	if (rc != 0)
		creds_wipe(out);
	return rc;
}
