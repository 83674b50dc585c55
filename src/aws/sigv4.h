/* sigv4 — AWS Signature Version 4 (AWS4-HMAC-SHA256), pure functions over
 * BearSSL's SHA-256 and HMAC.
 *
 * Nothing here reads the clock, the environment or the network: the signing
 * time, the credentials and the request are inputs, and every result goes
 * into memory the caller owns (a struct buf or a fixed array). Each stage of
 * the algorithm is its own function so tests can check it on its own:
 *
 *   sigv4_canonical_request -> sigv4_string_to_sign -> sigv4_signing_key
 *   -> sigv4_signature
 *
 * and sigv4_sign_headers / sigv4_presign run the whole chain for the two
 * ways a request carries a signature (Authorization header, or query string).
 *
 * Strings are NUL-terminated. The path and query are taken "as they go on
 * the wire" (already percent-encoded by the request builder, which should use
 * uri_encode in util/uri.h). For every service except S3 the canonical path encodes
 * the wire path once more ("double encoding": `my%20cluster` is signed as
 * `my%2520cluster`), after removing dot segments and repeated slashes; this
 * is what EKS and STS verify. The canonical query decodes each name and value
 * and re-encodes it, so `a=b/c` and `a=b%2Fc` sign the same; '+' is a
 * literal plus, never a space.
 *
 * Ownership: the signer keeps no state and no globals. Temporary buffers it
 * allocates are bounded by the output buf's max and freed before returning.
 * The signing key and every HMAC key state derived from the secret are wiped
 * with explicit_bzero before the function returns; the caller owns (and
 * wipes) the credentials it passes in.
 */
#ifndef EKS_SIGV4_H
#define EKS_SIGV4_H

#include <stddef.h>
#include <time.h>

#include "util/buf.h"
#include "util/err.h"

#define SIGV4_HEX_SIZE 65      /* 64 lowercase hex digits + NUL */
#define SIGV4_AMZ_DATE_SIZE 17 /* "20150830T123600Z" + NUL */
#define SIGV4_KEY_SIZE 32      /* a SHA-256 output */
#define SIGV4_MAX_HEADERS 64   /* headers a caller may ask to sign */
#define SIGV4_MAX_QUERY_PARAMS 256
#define SIGV4_MAX_SECRET 256 /* bytes of secret access key accepted */
/* Cap on the canonical request and string to sign built inside the
 * whole-chain functions (the caller's bufs set their own caps). */
#define SIGV4_MAX_CANONICAL (1u << 20)

#define SIGV4_ALGORITHM "AWS4-HMAC-SHA256"
#define SIGV4_UNSIGNED_PAYLOAD "UNSIGNED-PAYLOAD"
#define SIGV4_EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

struct sigv4_header {
	const char *name;  /* any case; lowercased when signed */
	const char *value; /* raw; trimmed and space-folded when signed */
};

struct sigv4_credentials {
	const char *access_key_id;
	const char *secret_access_key;
	const char *session_token; /* NULL or "" when there is none */
};

enum sigv4_flag {
	/* S3 style: the path is signed exactly as given (no normalisation, no
	 * second encoding). Never set for EKS or STS. */
	SIGV4_S3_PATH = 1u << 0,
	/* Keep "." and ".." segments and repeated slashes (still encodes). */
	SIGV4_NO_NORMALIZE = 1u << 1,
	/* Header mode: also sign an x-amz-content-sha256 header carrying the
	 * payload hash (the caller sends it; see sigv4_output). */
	SIGV4_CONTENT_SHA256 = 1u << 2,
	/* Leave the session token out of what is signed and attach it
	 * afterwards (a few services want this; EKS and STS do not). */
	SIGV4_TOKEN_UNSIGNED = 1u << 3,
};

struct sigv4_request {
	const char *method; /* "GET", "POST", ... */
	const char *path;   /* wire path, e.g. "/clusters/my%20cluster"; "" means "/" */
	const char *query;  /* wire query without '?'; NULL or "" for none */
	/* Must include Host. Must not include Authorization, X-Amz-Date,
	 * X-Amz-Security-Token or X-Amz-Content-SHA256: the signer adds those. */
	const struct sigv4_header *headers;
	size_t header_count;
	const void *payload; /* hashed when payload_hash is NULL */
	size_t payload_len;
	/* NULL, or a precomputed lowercase hex SHA-256 of the payload, or
	 * SIGV4_UNSIGNED_PAYLOAD. */
	const char *payload_hash;
};

struct sigv4_context {
	const struct sigv4_credentials *credentials;
	const char *region;  /* "us-east-1" */
	const char *service; /* signing name: "eks", "sts" */
	time_t time;	     /* signing time, UTC seconds (clock-skew corrected by the caller) */
	unsigned flags;	     /* enum sigv4_flag */
};

/* What the signer produced, besides the Authorization value or the query. */
struct sigv4_output {
	char amz_date[SIGV4_AMZ_DATE_SIZE]; /* header mode: send as X-Amz-Date */
	char payload_hash[SIGV4_HEX_SIZE];  /* the last line of the canonical request */
	char signature[SIGV4_HEX_SIZE];	    /* lowercase hex */
	/* Header mode: when non-NULL, send `X-Amz-Security-Token: <this>`
	 * (points into the credentials). */
	const char *security_token;
	/* Header mode: when set, send `x-amz-content-sha256: <payload_hash>`. */
	int content_sha256;
	/* Optional, caller-owned: when non-NULL they receive the canonical
	 * request and the string to sign (for tests and --debug; they contain
	 * no secret unless the session token is signed into them). */
	struct buf *canonical_request;
	struct buf *string_to_sign;
};

/* Header mode. Writes the Authorization header value into `authorization`
 * (reset first) and fills `out`; the caller then adds X-Amz-Date and, as
 * `out` says, X-Amz-Security-Token and x-amz-content-sha256. */
int sigv4_sign_headers(const struct sigv4_request *req, const struct sigv4_context *ctx,
		       struct sigv4_output *out, struct buf *authorization,
		       struct err *err) MUST_CHECK;

/* Query mode (presigned URL). Writes into `query` (reset first) the whole
 * wire query: req->query, then X-Amz-Algorithm, X-Amz-Credential,
 * X-Amz-Date, X-Amz-Expires, X-Amz-SignedHeaders, X-Amz-Security-Token (when
 * a token is present) and X-Amz-Signature (botocore's order). No header is added to the
 * request; the payload hash is taken from req as in header mode (an empty
 * payload gives SIGV4_EMPTY_SHA256; pass SIGV4_UNSIGNED_PAYLOAD if the
 * service wants that). SIGV4_CONTENT_SHA256 is ignored here. */
int sigv4_presign(const struct sigv4_request *req, const struct sigv4_context *ctx,
		  unsigned expires_seconds, struct sigv4_output *out, struct buf *query,
		  struct err *err) MUST_CHECK;

/* --- stages --- */

/* Appends the canonical request for exactly these headers (the caller has
 * already added x-amz-date and friends). `signed_headers`, if non-NULL, is
 * reset and receives "host;x-amz-date". */
int sigv4_canonical_request(struct buf *out, struct buf *signed_headers, const char *method,
			    const char *path, const char *query, const struct sigv4_header *headers,
			    size_t header_count, const char *payload_hash, unsigned flags,
			    struct err *err) MUST_CHECK;

/* Appends the canonical URI for a wire path (normalised and encoded as
 * `flags` say). */
int sigv4_canonical_path(struct buf *out, const char *path, unsigned flags,
			 struct err *err) MUST_CHECK;

/* Appends the canonical query string for a wire query (NULL or "" gives
 * nothing): pairs decoded, re-encoded, sorted by name then value; a name
 * without '=' gets an empty value; empty pieces ("a&&b") are skipped. */
int sigv4_canonical_query(struct buf *out, const char *query, struct err *err) MUST_CHECK;

/* Appends the sorted, de-duplicated, lowercased header names joined by ';'. */
int sigv4_signed_headers(struct buf *out, const struct sigv4_header *headers, size_t header_count,
			 struct err *err) MUST_CHECK;

/* Appends "20150830/us-east-1/service/aws4_request" (the date is the first
 * 8 characters of amz_date). */
int sigv4_scope(struct buf *out, const char *amz_date, const char *region, const char *service,
		struct err *err) MUST_CHECK;

/* Appends the four-line string to sign. */
int sigv4_string_to_sign(struct buf *out, const char *amz_date, const char *region,
			 const char *service, const char *canonical_request, size_t len,
			 struct err *err) MUST_CHECK;

/* kSigning = HMAC chain from "AWS4"+secret over date (first 8 characters of
 * amz_date), region, service, "aws4_request". The caller wipes `key`. */
int sigv4_signing_key(unsigned char key[SIGV4_KEY_SIZE], const char *secret, const char *amz_date,
		      const char *region, const char *service, struct err *err) MUST_CHECK;

/* Lowercase hex HMAC-SHA256(key, string_to_sign). */
void sigv4_signature(char out[SIGV4_HEX_SIZE], const unsigned char key[SIGV4_KEY_SIZE],
		     const char *string_to_sign, size_t len);

/* --- helpers for other modules --- */

/* "YYYYMMDDTHHMMSSZ" for a UTC time; -1 if the year does not fit. */
int sigv4_amz_date(char out[SIGV4_AMZ_DATE_SIZE], time_t time, struct err *err) MUST_CHECK;

/* Lowercase hex SHA-256 of the bytes. */
void sigv4_sha256_hex(char out[SIGV4_HEX_SIZE], const void *data, size_t len);

#endif
