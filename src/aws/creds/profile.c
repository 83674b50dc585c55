/* The shared-profile provider (conventions §1.4): the selected profile's
 * role (role_arn with source_profile or credential_source, through a
 * signed STS AssumeRole), web identity token file, IAM Identity Center
 * (sso.c), static keys or credential_process, in botocore's order. A
 * source profile is resolved from the files alone (environment keys are
 * not consulted), recursively, with cycle detection.
 *
 * A profile that holds a provider this tool does not support
 * (login_session), or one named by --profile / AWS_PROFILE that yields
 * nothing, stops the chain with a message naming the profile and the key
 * (SPEC §7): going on to container or instance credentials would act as
 * another identity than the one asked for. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/creds/chain.h"
#include "aws/creds/common.h"
#include "aws/sts.h"
#include "util/str.h"

#define MAX_CHAIN 8 /* profiles in one role chain */

struct chain {
	const char *visited[MAX_CHAIN];
	int depth;
};

static int profile_credentials(const struct creds_context *ctx, struct chain *chain,
			       const char *name, bool as_source, struct creds *out,
			       struct err *err);

static const char *get(const struct creds_context *ctx, const char *profile, const char *key)
{
	const char *v = config_get(ctx->config, profile, key);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

static const char *file_of(const struct creds_context *ctx, const char *profile, const char *key)
{
	const char *path = config_path_for(ctx->config, profile, key);

	return path[0] != '\0' ? path : "no file";
}

/* "profile NAME (FILE): " before a message about one of its keys. */
static int profile_error(const struct creds_context *ctx, const char *profile, const char *key,
			 struct err *err)
{
	return err_prefix(err, "profile %s (%s): ", profile, file_of(ctx, profile, key));
}

static bool has_static_keys(const struct creds_context *ctx, const char *profile)
{
	return get(ctx, profile, "aws_access_key_id") != NULL ||
	       get(ctx, profile, "aws_secret_access_key") != NULL ||
	       get(ctx, profile, "aws_session_token") != NULL;
}

static bool visited(const struct chain *chain, const char *name)
{
	for (int i = 0; i < chain->depth; i++)
		if (strcmp(chain->visited[i], name) == 0)
			return true;
	return false;
}

static int static_keys(const struct creds_context *ctx, const char *name, struct creds *out,
		       struct err *err)
{
	const char *id = get(ctx, name, "aws_access_key_id");
	const char *secret = get(ctx, name, "aws_secret_access_key");
	const char *token = get(ctx, name, "aws_session_token");

	if (token == NULL)
		token = get(ctx, name, "aws_security_token");
	if (id == NULL || secret == NULL) {
		err_set(err, EXIT_RUNTIME,
			"static credentials need both aws_access_key_id and aws_secret_access_key");
		return profile_error(ctx, name, id ? "aws_access_key_id" : "aws_secret_access_key",
				     err);
	}
	if (str_copy(out->access_key_id, sizeof(out->access_key_id), id) != 0 ||
	    str_copy(out->secret_access_key, sizeof(out->secret_access_key), secret) != 0 ||
	    str_copy(out->session_token, sizeof(out->session_token), token ? token : "") != 0) {
		creds_wipe(out);
		err_set(err, EXIT_RUNTIME, "static credentials too long");
		return profile_error(ctx, name, "aws_access_key_id", err);
	}
	out->expiration = 0;
	(void)str_fmt(out->source, sizeof(out->source), "profile:%s", name);
	return 0;
}

static int parse_duration(const struct creds_context *ctx, const char *name, int *out,
			  struct err *err)
{
	const char *text = get(ctx, name, "duration_seconds");
	char *end;
	long v;

	*out = 0;
	if (text == NULL)
		return 0;
	errno = 0;
	v = strtol(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < 900 || v > 43200) {
		err_set(err, EXIT_RUNTIME,
			"duration_seconds \"%.32s\" is not a number from 900 to 43200", text);
		return profile_error(ctx, name, "duration_seconds", err);
	}
	*out = (int)v;
	return 0;
}

/* Source credentials named by credential_source (case-insensitive). */
static int credential_source(const struct creds_context *ctx, const char *name, const char *source,
			     struct creds *out, struct err *err)
{
	static const struct {
		const char *name;
		const struct creds_provider *provider;
	} kinds[] = {
	    {"Environment", &creds_env},
	    {"Ec2InstanceMetadata", &creds_imds},
	    {"EcsContainer", &creds_container},
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		int r;

		if (strcasecmp(source, kinds[i].name) != 0)
			continue;
		r = kinds[i].provider->resolve(ctx, out, err);
		if (r == 1)
			err_set(err, EXIT_RUNTIME, "credential_source %s supplied no credentials",
				kinds[i].name);
		if (r != 0)
			return profile_error(ctx, name, "credential_source", err);
		return 0;
	}
	err_set(err, EXIT_RUNTIME,
		"credential_source \"%.64s\" is not one of Environment, Ec2InstanceMetadata, "
		"EcsContainer",
		source);
	return profile_error(ctx, name, "credential_source", err);
}

static int assume_role(const struct creds_context *ctx, struct chain *chain, const char *name,
		       struct creds *out, struct err *err)
{
	const char *role_arn = get(ctx, name, "role_arn");
	const char *source_profile = get(ctx, name, "source_profile");
	const char *source_kind = get(ctx, name, "credential_source");
	const char *session_name = get(ctx, name, "role_session_name");
	struct creds source;
	char default_name[64];
	int duration, r, rc = -1;

	memset(&source, 0, sizeof(source));
	if ((source_profile == NULL) == (source_kind == NULL)) {
		err_set(err, EXIT_RUNTIME,
			"role_arn needs exactly one of source_profile and credential_source");
		return profile_error(ctx, name, "role_arn", err);
	}
	if (get(ctx, name, "mfa_serial") != NULL) {
		err_set(err, EXIT_RUNTIME,
			"mfa_serial is not supported (there is no prompt for the MFA code); use "
			"credentials that need no MFA");
		return profile_error(ctx, name, "mfa_serial", err);
	}
	if (parse_duration(ctx, name, &duration, err) != 0)
		return -1;
	if (chain->depth == MAX_CHAIN) {
		err_set(err, EXIT_RUNTIME, "role chain longer than %d profiles", MAX_CHAIN);
		return profile_error(ctx, name, "source_profile", err);
	}
	chain->visited[chain->depth++] = name;

	if (source_profile != NULL) {
		if (!config_has_profile(ctx->config, source_profile)) {
			err_set(err, EXIT_RUNTIME, "source_profile %s does not exist",
				source_profile);
			profile_error(ctx, name, "source_profile", err);
			goto out;
		}
		/* A profile may name itself as its source only to use its own
		 * static keys; any other revisit is a loop. */
		if (visited(chain, source_profile) &&
		    (strcmp(source_profile, name) != 0 || !has_static_keys(ctx, source_profile))) {
			err_set(err, EXIT_RUNTIME,
				"source_profile %s makes a loop of role profiles", source_profile);
			profile_error(ctx, name, "source_profile", err);
			goto out;
		}
		r = profile_credentials(ctx, chain, source_profile, true, &source, err);
		if (r == 1) {
			err_set(err, EXIT_RUNTIME, "source_profile %s has no credentials",
				source_profile);
			profile_error(ctx, name, "source_profile", err);
		}
		if (r != 0)
			goto out;
	} else if (credential_source(ctx, name, source_kind, &source, err) != 0) {
		goto out;
	}

	if (session_name == NULL) {
		(void)str_fmt(default_name, sizeof(default_name), "eks-upgrade-%lld",
			      (long long)aws_now(ctx->client));
		session_name = default_name;
	}
	aws_debug(ctx->client, "profile %s: AssumeRole %s as %s with credentials from %s", name,
		  role_arn, session_name, source.source);
	if (sts_assume_role(ctx->client, &source, role_arn, session_name,
			    get(ctx, name, "external_id"), duration, out, err) != 0) {
		profile_error(ctx, name, "role_arn", err);
		goto out;
	}
	(void)str_fmt(out->source, sizeof(out->source), "assume-role:%s", name);
	rc = 0;
out:
	chain->depth--;
	creds_wipe(&source);
	if (rc != 0)
		creds_wipe(out);
	return rc;
}

static int web_identity(const struct creds_context *ctx, const char *name, const char *token_file,
			struct creds *out, struct err *err)
{
	const char *role_arn = get(ctx, name, "role_arn");

	if (role_arn == NULL) {
		err_set(err, EXIT_RUNTIME, "web_identity_token_file is set but role_arn is not");
		return profile_error(ctx, name, "web_identity_token_file", err);
	}
	if (creds_web_identity_assume(ctx->client, token_file, role_arn,
				      get(ctx, name, "role_session_name"), out, err) != 0)
		return profile_error(ctx, name, "web_identity_token_file", err);
	return 0;
}

static int sso(const struct creds_context *ctx, const char *name, struct creds *out,
	       struct err *err)
{
	const char *key = "sso_session";

	if (creds_sso_resolve(ctx->client, ctx->config, name, out, &key, err) != 0)
		return profile_error(ctx, name, key, err);
	return 0;
}

static int process(const struct creds_context *ctx, const char *name, const char *command,
		   struct creds *out, struct err *err)
{
	if (creds_process_run(ctx->client, command, 0, out, err) != 0)
		return profile_error(ctx, name, "credential_process", err);
	(void)str_fmt(out->source, sizeof(out->source), "process:%s", name);
	return 0;
}

/* botocore's order for one profile: role (unless it is a web identity
 * profile), web identity, SSO, static keys from the credentials file, the
 * `aws login` session (refused here), the credential process, static keys
 * from the config file; then an incomplete SSO profile is an error. A
 * source profile with static keys uses them first, so `source_profile =
 * itself` works. */
static int profile_credentials(const struct creds_context *ctx, struct chain *chain,
			       const char *name, bool as_source, struct creds *out, struct err *err)
{
	const struct ini_file *credentials = &ctx->config->credentials_file;
	const char *token_file = get(ctx, name, "web_identity_token_file");
	const char *command = get(ctx, name, "credential_process");
	bool keys_in_credentials_file = ini_has_section(credentials, name) &&
					ini_get(credentials, name, "aws_access_key_id") != NULL;

	memset(out, 0, sizeof(*out));
	if (as_source && has_static_keys(ctx, name))
		return static_keys(ctx, name, out, err);
	if (get(ctx, name, "role_arn") != NULL && token_file == NULL)
		return assume_role(ctx, chain, name, out, err);
	if (token_file != NULL)
		return web_identity(ctx, name, token_file, out, err);
	if (creds_sso_keys(ctx->config, name) == CREDS_SSO_PROFILE)
		return sso(ctx, name, out, err);
	if (keys_in_credentials_file)
		return static_keys(ctx, name, out, err);
	if (get(ctx, name, "login_session") != NULL) {
		err_set(err, EXIT_RUNTIME,
			"login_session (the console sign-in of `aws login`) is not supported by "
			"eks-upgrade; use an IAM Identity Center profile (aws configure sso), "
			"credential_process or access keys");
		return profile_error(ctx, name, "login_session", err);
	}
	if (command == NULL && has_static_keys(ctx, name))
		return static_keys(ctx, name, out, err);
	if (command != NULL)
		return process(ctx, name, command, out, err);
	/* Half an SSO profile and nothing else: say which keys are missing. */
	if (creds_sso_keys(ctx->config, name) == CREDS_SSO_PARTIAL)
		return sso(ctx, name, out, err);
	return 1;
}

/* Keys of a profile that are settings, not credentials (botocore's and the
 * CLI's), or the credential keys this file reads: anything else in a
 * profile that yields nothing is named as a credential source this tool
 * does not know. */
static bool known_key(const char *key)
{
	static const char *const known[] = {
	    "account_id_endpoint_mode",
	    "api_versions",
	    "auth_scheme_preference",
	    "aws_access_key_id",
	    "aws_account_id",
	    "aws_secret_access_key",
	    "aws_security_token",
	    "aws_session_token",
	    "ca_bundle",
	    "cli_auto_prompt",
	    "cli_binary_format",
	    "cli_follow_urlparam",
	    "cli_history",
	    "cli_pager",
	    "cli_timestamp_format",
	    "credential_process",
	    "credential_source",
	    "defaults_mode",
	    "disable_request_compression",
	    "duration_seconds",
	    "ec2_metadata_service_endpoint",
	    "ec2_metadata_service_endpoint_mode",
	    "ec2_metadata_v1_disabled",
	    "endpoint_url",
	    "external_id",
	    "ignore_configured_endpoint_urls",
	    "imds_use_ipv6",
	    "max_attempts",
	    "metadata_service_num_attempts",
	    "metadata_service_timeout",
	    "mfa_serial",
	    "output",
	    "parameter_validation",
	    "region",
	    "request_checksum_calculation",
	    "request_min_compression_size_bytes",
	    "response_checksum_validation",
	    "retry_mode",
	    "role_arn",
	    "role_session_name",
	    "sdk_ua_app_id",
	    "services",
	    "sigv4a_signing_region_set",
	    "source_profile",
	    "sso_account_id",
	    "sso_region",
	    "sso_registration_scopes",
	    "sso_role_name",
	    "sso_session",
	    "sso_start_url",
	    "sts_regional_endpoints",
	    "tcp_keepalive",
	    "use_dualstack_endpoint",
	    "use_fips_endpoint",
	    "web_identity_token_file",
	};

	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(key, known[i]) == 0)
			return true;
	return false;
}

/* Whether key is one of the comma-separated names in list. */
static bool listed(const char *list, const char *key)
{
	size_t len = strlen(key);

	for (const char *p = list; (p = strstr(p, key)) != NULL; p += len)
		if ((p == list || p[-1] == ' ') && (p[len] == '\0' || p[len] == ','))
			return true;
	return false;
}

/* Appends the unknown keys of one file's section of the profile to list. */
static void unknown_keys(const struct ini_file *file, const char *section, char *list, size_t cap)
{
	const char *key;

	for (size_t i = 0; (key = ini_key(file, section, i)) != NULL; i++) {
		size_t n = strlen(list);

		/* A key holding a sub-section (s3 = ...) is a block of settings. */
		if (known_key(key) || ini_is_sub(file, section, key) || listed(list, key))
			continue;
		(void)str_fmt(list + n, cap - n, "%s%s", n ? ", " : "", key);
	}
}

/* A profile named by --profile or AWS_PROFILE that holds no credentials:
 * exit 1, never the next provider (SPEC §7). */
static int nothing_usable(const struct creds_context *ctx, const char *name, struct err *err)
{
	const struct config *cfg = ctx->config;
	const char *how = cfg->profile_explicit ? "--profile" : "AWS_PROFILE";
	char unknown[256] = "";

	unknown_keys(&cfg->credentials_file, name, unknown, sizeof(unknown));
	unknown_keys(&cfg->config_file, ini_find_section(&cfg->config_file, "profile", name),
		     unknown, sizeof(unknown));
	if (unknown[0] != '\0')
		err_set(err, EXIT_RUNTIME,
			"%s is not a credential source eks-upgrade supports, and the profile "
			"has no other (aws_access_key_id, role_arn, web_identity_token_file, "
			"credential_process, sso_session or sso_start_url)",
			unknown);
	else
		err_set(err, EXIT_RUNTIME,
			"the profile holds no credentials (no aws_access_key_id, role_arn, "
			"web_identity_token_file, credential_process, sso_session or "
			"sso_start_url); a profile chosen with %s must supply them: eks-upgrade "
			"does not fall back to container or instance credentials",
			how);
	return err_prefix(err, "profile %s (%s): ", name, file_of(ctx, name, NULL));
}

static int profile_resolve(const struct creds_context *ctx, struct creds *out, struct err *err)
{
	struct chain chain;
	const char *name = ctx->config->profile;
	int rc;

	memset(&chain, 0, sizeof(chain));
	memset(out, 0, sizeof(*out));
	if (name[0] == '\0' || !config_has_profile(ctx->config, name))
		return 1;
	rc = profile_credentials(ctx, &chain, name, false, out, err);
	if (rc == 1 && ctx->config->profile_named)
		return nothing_usable(ctx, name, err);
	return rc;
}

const struct creds_provider creds_profile = {"profile", profile_resolve};
