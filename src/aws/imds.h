/* imds — the EC2 instance metadata service, IMDSv2 (conventions §1.6).
 *
 * A session starts with PUT latest/api/token (TTL 21600 s) and sends the
 * token on every GET. IMDSv1 (no token) is used only when that PUT is
 * refused with 403/404/405, and never with AWS_EC2_METADATA_V1_DISABLED.
 * Base URL: AWS_EC2_METADATA_SERVICE_ENDPOINT, else http://169.254.169.254
 * (http://[fd00:ec2::254] with AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6).
 * Each HTTP call has a 1 s timeout and 1 attempt unless
 * AWS_METADATA_SERVICE_TIMEOUT / AWS_METADATA_SERVICE_NUM_ATTEMPTS (or the
 * profile's metadata_service_* keys) say otherwise.
 * AWS_EC2_METADATA_DISABLED=true turns every call into "unavailable".
 *
 * Results: 0 ok, 1 unavailable (disabled, not on EC2, path not found),
 * -1 error in err. The session token and response bodies are secrets to
 * the caller; imds_close wipes the token.
 */
#ifndef EKS_IMDS_H
#define EKS_IMDS_H

#include <stdbool.h>
#include <stddef.h>

#include "util/err.h"

struct aws;
struct config; /* aws/config.h: the profile's metadata_service_* keys, or NULL */

#define IMDS_URL_MAX 512
#define IMDS_TOKEN_MAX 1024

struct imds_session {
	char base[IMDS_URL_MAX];    /* no trailing slash */
	char token[IMDS_TOKEN_MAX]; /* "" in IMDSv1 fallback */
	long timeout_ms;
	int attempts;
};

/* Fetches a token (or settles on IMDSv1). */
int imds_open(struct aws *aws, const struct config *config, struct imds_session *session,
	      struct err *err) MUST_CHECK;

/* GET base/path (path without a leading slash, "latest/meta-data/...")
 * into out, NUL-terminated. A 404 or an empty body: 1. A body that does not
 * fit in cap: -1. */
int imds_session_get(struct aws *aws, struct imds_session *session, const char *path, char *out,
		     size_t cap, struct err *err) MUST_CHECK;

void imds_close(struct imds_session *session);

/* The instance's region: placement/region, else the availability zone
 * without its last letter. */
int imds_region(struct aws *aws, const struct config *config, char *out, size_t cap,
		struct err *err) MUST_CHECK;

#endif
