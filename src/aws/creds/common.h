/* creds_common — what the credential provider files share, and the pieces
 * of them that unit tests and fuzzers drive directly.
 *
 * The parsers (creds_process_parse, creds_container_parse,
 * creds_imds_parse) read untrusted JSON from caller-owned text into a
 * caller-owned struct creds; on failure they leave it wiped and say which
 * field was wrong, never echoing a secret. The fetchers (web identity,
 * credential_process, container, IMDS) are what profile.c reuses for
 * `web_identity_token_file`, `credential_process` and `credential_source`.
 * Every buffer that held a secret is wiped before it is released.
 */
#ifndef EKS_CREDS_COMMON_H
#define EKS_CREDS_COMMON_H

#include <stdbool.h>
#include <stddef.h>

#include "aws/credentials.h"
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

/* --- IMDS credentials (imds.c) ------------------------------------------- */

/* Code (when present) must be "Success"; AccessKeyId, SecretAccessKey,
 * Token and Expiration required. */
int creds_imds_parse(const char *json, size_t len, struct creds *out, struct err *err) MUST_CHECK;

#endif
