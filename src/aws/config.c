#include "aws/config.h"

#include <stdlib.h>
#include <string.h>

#include "util/env.h"
#include "util/str.h"

/* The file named by `variable`, else $HOME/.aws/<name>; "~" at the start
 * of the variable's value means $HOME, as botocore expands it. With no
 * file to read, out stays "". */
static int choose_path(const char *variable, const char *name, char *out, size_t cap,
		       struct err *err)
{
	const char *value = env_get(variable), *home = env_get("HOME");
	int r;

	out[0] = '\0';
	if (value != NULL && value[0] == '~' && (value[1] == '\0' || value[1] == '/') &&
	    home != NULL)
		r = str_fmt(out, cap, "%s%s", home, value + 1);
	else if (value != NULL)
		r = str_copy(out, cap, value);
	else if (home != NULL)
		r = str_fmt(out, cap, "%s/.aws/%s", home, name);
	else
		return 0;
	if (r != 0)
		return err_set(err, EXIT_RUNTIME, "%s: path too long", variable);
	return 0;
}

static int load_one(struct ini_file *ini, const char *path, bool *have, struct err *err)
{
	int r;

	*have = false;
	if (path[0] == '\0')
		return 0;
	r = ini_load_file(ini, path, NULL, err);
	if (r < 0)
		return -1;
	*have = r == 0;
	return 0;
}

int config_load(struct config *cfg, const char *cli_profile, struct err *err)
{
	const char *name = NULL;

	memset(cfg, 0, sizeof(*cfg));
	if (choose_path("AWS_CONFIG_FILE", "config", cfg->config_path, sizeof(cfg->config_path),
			err) != 0 ||
	    choose_path("AWS_SHARED_CREDENTIALS_FILE", "credentials", cfg->credentials_path,
			sizeof(cfg->credentials_path), err) != 0)
		goto fail;
	if (load_one(&cfg->config_file, cfg->config_path, &cfg->have_config, err) != 0 ||
	    load_one(&cfg->credentials_file, cfg->credentials_path, &cfg->have_credentials, err) !=
		0)
		goto fail;

	if (cli_profile != NULL && cli_profile[0] != '\0') {
		name = cli_profile;
		cfg->profile_explicit = true;
	} else if ((name = env_get("AWS_PROFILE")) == NULL) {
		name = env_get("AWS_DEFAULT_PROFILE");
	}
	cfg->profile_named = name != NULL;
	if (str_copy(cfg->profile, sizeof(cfg->profile), name ? name : "default") != 0) {
		err_set(err, EXIT_RUNTIME, "profile name too long: %.64s...", name);
		goto fail;
	}
	/* A profile asked for by name must exist (botocore's ProfileNotFound),
	 * even when it is called "default". */
	if (cfg->profile_named && !config_has_profile(cfg, cfg->profile)) {
		if (cfg->config_path[0] == '\0' && cfg->credentials_path[0] == '\0')
			err_set(err, EXIT_RUNTIME,
				"profile %s not found: no config files ($HOME is not set and "
				"neither AWS_CONFIG_FILE nor AWS_SHARED_CREDENTIALS_FILE is)",
				cfg->profile);
		else
			err_set(err, EXIT_RUNTIME, "profile %s not found in %s, %s", cfg->profile,
				cfg->config_path[0] ? cfg->config_path : "(no config file)",
				cfg->credentials_path[0] ? cfg->credentials_path
							 : "(no credentials file)");
		goto fail;
	}
	return 0;
fail:
	config_free(cfg);
	return -1;
}

void config_free(struct config *cfg)
{
	if (cfg == NULL)
		return;
	/* The credentials file holds secret keys. */
	buf_wipe(&cfg->credentials_file.strings);
	ini_free(&cfg->config_file);
	ini_free(&cfg->credentials_file);
	cfg->have_config = cfg->have_credentials = false;
}

/* The config file names a profile "[profile NAME]" (or "[default]"); the
 * credentials file plainly "[NAME]". */
static const char *config_section(const struct config *cfg, const char *profile)
{
	return ini_find_section(&cfg->config_file, "profile", profile);
}

bool config_has_profile(const struct config *cfg, const char *profile)
{
	if (cfg == NULL || profile == NULL)
		return false;
	return ini_has_section(&cfg->credentials_file, profile) ||
	       config_section(cfg, profile) != NULL;
}

const char *config_get(const struct config *cfg, const char *profile, const char *key)
{
	const char *v;

	if (cfg == NULL || profile == NULL || key == NULL)
		return NULL;
	if (ini_has_section(&cfg->credentials_file, profile) &&
	    (v = ini_get(&cfg->credentials_file, profile, key)) != NULL)
		return v;
	return ini_get(&cfg->config_file, config_section(cfg, profile), key);
}

const char *config_path_for(const struct config *cfg, const char *profile, const char *key)
{
	if (cfg == NULL || profile == NULL)
		return "";
	if (ini_has_section(&cfg->credentials_file, profile) &&
	    (key == NULL || ini_get(&cfg->credentials_file, profile, key) != NULL))
		return cfg->credentials_path;
	if (config_section(cfg, profile) != NULL)
		return cfg->config_path;
	return cfg->config_path[0] ? cfg->config_path : cfg->credentials_path;
}
