/* config — the AWS shared config and credentials files, the selected
 * profile, and region resolution (SPEC §7, conventions §1.4 and §2).
 *
 * config_load reads AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE (default
 * ~/.aws/config and ~/.aws/credentials; with no $HOME there are none, which
 * is fine in a scratch image). The struct owns both parsed files until
 * config_free. Lookups take the profile name and merge the two files the
 * way botocore does: the credentials file wins for the same key.
 */
#ifndef EKS_CONFIG_H
#define EKS_CONFIG_H

#include <stdbool.h>

#include "util/err.h"
#include "util/ini.h"

#define CONFIG_NAME_MAX 128
#define CONFIG_PATH_MAX 1024

struct config {
	struct ini_file config_file;	  /* empty when the file does not exist */
	struct ini_file credentials_file; /* likewise */
	char config_path[CONFIG_PATH_MAX];
	char credentials_path[CONFIG_PATH_MAX];
	bool have_config, have_credentials;

	char profile[CONFIG_NAME_MAX]; /* the selected profile, "default" if none */
	bool profile_explicit;	       /* from --profile (wins over env keys) */
	bool profile_named;	       /* from --profile or AWS_PROFILE: must exist */
};

/* cli_profile: the --profile value or NULL. */
int config_load(struct config *cfg, const char *cli_profile, struct err *err) MUST_CHECK;
void config_free(struct config *cfg);

/* True when `profile` appears in either file. */
bool config_has_profile(const struct config *cfg, const char *profile);

/* A key of `profile` (credentials file first, then config file), or NULL. */
const char *config_get(const struct config *cfg, const char *profile, const char *key);

/* The file that supplies `key` of `profile` (with key NULL: the file that
 * holds the profile), for messages; "" when neither does. Only the path:
 * ini keeps no line numbers after parsing (its parse errors carry them). */
const char *config_path_for(const struct config *cfg, const char *profile, const char *key);

#endif
