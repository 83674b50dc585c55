/* creds_common — what the credential provider files share, and the pieces
 * of them that unit tests and fuzzers drive directly.
 *
 * The parsers (creds_process_parse, creds_container_parse,
 * creds_imds_parse, creds_sso_token_parse) read untrusted JSON from
 * caller-owned text into a caller-owned struct; on failure they leave it
 * wiped and say which field was wrong, never echoing a secret. The fetchers
 * (web identity, credential_process, container, IMDS, SSO) are what
 * profile.c reuses for `web_identity_token_file`, `credential_process`,
 * `credential_source` and the sso_* keys. Every buffer that held a secret is
 * wiped before it is released.
 */
#ifndef EKS_CREDS_COMMON_H
#define EKS_CREDS_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/config.h"
#include "aws/credentials.h"
#include "aws/sso.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

struct aws;

/* Token files, credential_process output: nothing larger is accepted. */
#define CREDS_FILE_MAX (64u * 1024)

/* Reads a whole file holding a secret into `out` (initialised here, to be
 * released with buf_wipe), allocated once so no partial copy is left in
 * freed memory. Missing, unreadable, empty, larger than CREDS_FILE_MAX or
 * holding a NUL byte: -1 with a message "<what> PATH: reason". */
int creds_read_secret_file(const char *path, const char *what, struct buf *out,
			   struct err *err) MUST_CHECK;

/* Parses a credentials document (untrusted JSON text) into *out:
 * AccessKeyId and SecretAccessKey (both required, non-empty), the session
 * token from `token_key` and Expiration. `temporary`: token and expiration
 * are required (container, IMDS); otherwise both are optional
 * (credential_process). `check` (may be NULL) vets the parsed document
 * first (Version, Code). On failure *out is left wiped. */
typedef int (*creds_json_check)(const struct json_doc *doc, struct err *err);
int creds_parse_json(const char *json, size_t len, const char *token_key, bool temporary,
		     creds_json_check check, struct creds *out, struct err *err) MUST_CHECK;

/* --- web identity (web_identity.c) --------------------------------------- */

/* Reads the token file (fresh on every call) and exchanges it through STS
 * AssumeRoleWithWebIdentity (unsigned). session_name NULL or "": the
 * default "eks-upgrade-<unix seconds>". out->source = "web-identity". */
int creds_web_identity_assume(struct aws *aws, const char *token_file, const char *role_arn,
			      const char *session_name, struct creds *out,
			      struct err *err) MUST_CHECK;

/* --- credential_process (process.c) --------------------------------------- */

#define CREDS_PROCESS_MAX_ARGS 64
#define CREDS_PROCESS_LINE_MAX 4096
#define CREDS_PROCESS_TIMEOUT_MS 60000

struct creds_process_argv {
	char text[CREDS_PROCESS_LINE_MAX];	/* the arguments, NUL-separated */
	char *argv[CREDS_PROCESS_MAX_ARGS + 1]; /* into text, NULL-terminated */
	int argc;
};

/* Splits a command line the way a POSIX shell (Python's shlex.split)
 * would, without running one: blanks separate words, '...' is literal,
 * "..." allows \" and \\, a backslash outside quotes escapes any character.
 * Unterminated quotes, a trailing backslash, an empty command, too many
 * or too long arguments: -1. */
int creds_process_split(const char *command, struct creds_process_argv *out,
			struct err *err) MUST_CHECK;

/* Parses credential_process output: Version must be the number 1,
 * AccessKeyId and SecretAccessKey required, SessionToken and Expiration
 * optional. out->source is left for the caller. */
int creds_process_parse(const char *json, size_t len, struct creds *out,
			struct err *err) MUST_CHECK;

/* Runs `command` (split, no shell; stdout capped at CREDS_FILE_MAX, killed
 * after timeout_ms, 0 meaning CREDS_PROCESS_TIMEOUT_MS) and parses its
 * output. A non-zero exit gives the first line of its stderr. */
int creds_process_run(struct aws *aws, const char *command, long timeout_ms, struct creds *out,
		      struct err *err) MUST_CHECK;

/* --- container credentials (container.c) --------------------------------- */

/* AccessKeyId, SecretAccessKey, Token and Expiration, all required. */
int creds_container_parse(const char *json, size_t len, struct creds *out,
			  struct err *err) MUST_CHECK;

/* True when `url` may receive the container authorization token: any
 * https:// URL; http:// only to loopback, localhost, 169.254.170.2,
 * 169.254.170.23 and [fd00:ec2::23] (conventions §1.5). */
bool creds_container_url_allowed(const char *url);

/* --- IAM Identity Center (sso.c) ----------------------------------------- */

/* What a profile's sso_* keys make of it. botocore's SSO credential
 * provider takes a profile with sso_account_id or sso_role_name (before
 * static keys and credential_process); one with only sso_session,
 * sso_start_url or sso_region is half an SSO profile, worth a message only
 * when nothing else in it yields credentials. */
enum creds_sso_keys {
	CREDS_SSO_NONE,
	CREDS_SSO_PARTIAL, /* sso_session, sso_start_url or sso_region alone */
	CREDS_SSO_PROFILE, /* sso_account_id or sso_role_name */
};
enum creds_sso_keys creds_sso_keys(const struct config *config, const char *profile);

/* The advice that ends every message a new `aws sso login` fixes. */
#define CREDS_SSO_HINT "run: aws sso login --profile "

/* Role credentials for an SSO profile, in either form: sso_session with an
 * [sso-session NAME] section, or the legacy sso_start_url / sso_region in
 * the profile; both with sso_account_id and sso_role_name. Reads the token
 * `aws sso login` cached, refreshes it through SSO OIDC when it is about to
 * expire (sso_session form only, as botocore) and writes the new token
 * back, then calls GetRoleCredentials. out->source = "sso:PROFILE".
 * Messages have no "profile NAME" prefix (the caller adds it) and end with
 * CREDS_SSO_HINT PROFILE where a new login is the fix. *key_out names the
 * profile key the failure is about. */
int creds_sso_resolve(struct aws *aws, const struct config *config, const char *profile,
		      struct creds *out, const char **key_out, struct err *err) MUST_CHECK;

/* The token cache's file name for a session name (sso_session form) or a
 * start URL (legacy form), as botocore names it: the SHA-1 of the UTF-8
 * bytes in lowercase hex, then ".json". -1 when cap is too small. */
int creds_sso_cache_name(const char *key, char *out, size_t cap) MUST_CHECK;

/* The expiry times of the token cache: ISO-8601 UTC as the AWS CLI writes
 * them ("2026-11-30T12:00:00Z"; botocore writes "+00:00"; old CLI versions
 * wrote "2026-11-30T12:00:00UTC"). -1 when malformed. */
int creds_sso_parse_time(const char *text, time_t *out) MUST_CHECK;

/* A token cache file's JSON (untrusted bytes): accessToken and expiresAt
 * required; refreshToken, clientId, clientSecret, registrationExpiresAt,
 * startUrl and region optional. On failure *out is wiped and the message
 * names the field, never a value. */
int creds_sso_token_parse(const char *json, size_t len, struct sso_token *out,
			  struct err *err) MUST_CHECK;

/* Writes the token to `path` as the AWS CLI does: a new file in the same
 * folder, mode 0600, synced, then renamed over the old one. */
int creds_sso_token_save(const char *path, const struct sso_token *token,
			 struct err *err) MUST_CHECK;

/* --- IMDS credentials (imds.c) ------------------------------------------- */

/* Code (when present) must be "Success"; AccessKeyId, SecretAccessKey,
 * Token and Expiration required. */
int creds_imds_parse(const char *json, size_t len, struct creds *out, struct err *err) MUST_CHECK;

/* The role name from the text of iam/security-credentials/ (untrusted): its
 * first line, trailing blanks cut (an instance has at most one role). -1
 * when empty, longer than cap - 1, or holding a '/'. The name is still
 * percent-encoded as a path segment before it is used. */
int creds_imds_first_role(const char *list, char *out, size_t cap) MUST_CHECK;

#endif
