/* The shared-profile provider (conventions §1.4): the selected profile's
 * role (role_arn with source_profile or credential_source, through a
 * signed STS AssumeRole), web identity token file, static keys or
 * credential_process, in botocore's order. A source profile is resolved
 * from the files alone (environment keys are not consulted), recursively,
 * with cycle detection. */
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

static int process(const struct creds_context *ctx, const char *name, const char *command,
		   struct creds *out, struct err *err)
{
	if (creds_process_run(ctx->client, command, 0, out, err) != 0)
		return profile_error(ctx, name, "credential_process", err);
	(void)str_fmt(out->source, sizeof(out->source), "process:%s", name);
	return 0;
}

/* botocore's order for one profile: role (unless it is a web identity
 * profile), web identity, static keys from the credentials file, the
 * credential process, static keys from the config file. A source profile
 * with static keys uses them first, so `source_profile = itself` works. */
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
	if (keys_in_credentials_file || (command == NULL && has_static_keys(ctx, name)))
		return static_keys(ctx, name, out, err);
	if (command != NULL)
		return process(ctx, name, command, out, err);
	return 1;
}

static int profile_resolve(const struct creds_context *ctx, struct creds *out, struct err *err)
{
	struct chain chain;
	const char *name = ctx->config->profile;

	memset(&chain, 0, sizeof(chain));
	memset(out, 0, sizeof(*out));
	if (name[0] == '\0' || !config_has_profile(ctx->config, name))
		return 1;
	return profile_credentials(ctx, &chain, name, false, out, err);
}

const struct creds_provider creds_profile = {"profile", profile_resolve};
