#include "aws/sigv4.h"

#include <bearssl.h>
#include <stdio.h>
#include <string.h>

#include "util/uri.h"

static const char hex_lower[] = "0123456789abcdef";

static int fail(struct err *err, const char *what)
{
	return err_set(err, EXIT_RUNTIME, "signing request: %s", what);
}

static int too_large(struct err *err)
{
	return fail(err, "request too large to sign");
}

static void to_hex(char *out, const unsigned char *bytes, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = hex_lower[bytes[i] >> 4];
		out[2 * i + 1] = hex_lower[bytes[i] & 15];
	}
	out[2 * len] = '\0';
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* The whitespace botocore's str.split() folds for ASCII values. */
static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static int equal_nocase(const char *a, const char *b)
{
	while (*a != '\0' && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return *a == '\0' && *b == '\0';
}

/* strcmp over the lowercased names. */
static int compare_nocase(const char *a, const char *b)
{
	while (*a != '\0' && lower(*a) == lower(*b)) {
		a++;
		b++;
	}
	return (unsigned char)lower(*a) - (unsigned char)lower(*b);
}

void sigv4_sha256_hex(char out[SIGV4_HEX_SIZE], const void *data, size_t len)
{
	br_sha256_context sha;
	unsigned char digest[br_sha256_SIZE];

	br_sha256_init(&sha);
	br_sha256_update(&sha, data, len);
	br_sha256_out(&sha, digest);
	to_hex(out, digest, sizeof(digest));
}

/* Decodes %XX escapes (a '%' not followed by two hex digits stays a '%')
 * and encodes the result: the canonical form of a query name or value. */
static int reencode(struct buf *out, const char *data, size_t len)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)data[i];
		if (c == '%' && i + 2 < len && uri_hex_digit(data[i + 1]) >= 0 &&
		    uri_hex_digit(data[i + 2]) >= 0) {
			c = (unsigned char)(uri_hex_digit(data[i + 1]) * 16 +
					    uri_hex_digit(data[i + 2]));
			i += 2;
		}
		if (uri_encode(out, (const char *)&c, 1, true) != 0)
			return -1;
	}
	return 0;
}

int sigv4_amz_date(char out[SIGV4_AMZ_DATE_SIZE], time_t time, struct err *err)
{
	struct tm tm;
	int n;

	if (gmtime_r(&time, &tm) == NULL)
		return fail(err, "signing time out of range");
	n = snprintf(out, SIGV4_AMZ_DATE_SIZE, "%04d%02d%02dT%02d%02d%02dZ", tm.tm_year + 1900,
		     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (n != SIGV4_AMZ_DATE_SIZE - 1)
		return fail(err, "signing time out of range");
	return 0;
}

/* --- canonical path --- */

int sigv4_canonical_path(struct buf *out, const char *path, unsigned flags, struct err *err)
{
	size_t len = strlen(path), i = 0, start, seg_len, base = out->len;
	int leading = len > 0 && path[0] == '/';

	if (len == 0)
		return buf_append_str(out, "/") != 0 ? too_large(err) : 0;
	if (flags & SIGV4_S3_PATH)
		return buf_append(out, path, len) != 0 ? too_large(err) : 0;
	if (flags & SIGV4_NO_NORMALIZE)
		return uri_encode(out, path, len, 0) != 0 ? too_large(err) : 0;

	/* botocore's remove_dot_segments: drop empty and "." segments, ".."
	 * removes the previous one; each kept segment is written "/seg", so
	 * popping one means cutting back to the last '/' (an encoded segment
	 * never contains '/'). */
	while (i < len) {
		start = i;
		while (i < len && path[i] != '/')
			i++;
		seg_len = i - start;
		if (i < len)
			i++;
		if (seg_len == 0 || (seg_len == 1 && path[start] == '.'))
			continue;
		if (seg_len == 2 && path[start] == '.' && path[start + 1] == '.') {
			while (out->len > base && out->data[out->len - 1] != '/')
				out->len--;
			if (out->len > base)
				out->len--;
			if (out->data != NULL)
				out->data[out->len] = '\0';
			continue;
		}
		if (buf_append_str(out, "/") != 0 || uri_encode(out, path + start, seg_len, 0) != 0)
			return too_large(err);
	}
	if (out->len == base)
		return leading && buf_append_str(out, "/") != 0 ? too_large(err) : 0;
	if (!leading) {
		/* Drop the '/' written before the first segment. */
		memmove(out->data + base, out->data + base + 1, out->len - base);
		out->len--;
	}
	if (path[len - 1] == '/' && buf_append_str(out, "/") != 0)
		return too_large(err);
	return 0;
}

/* --- canonical query --- */

struct query_param {
	size_t name_off, name_len, value_off, value_len;
};

static int compare_span(const char *base, size_t a_off, size_t a_len, size_t b_off, size_t b_len)
{
	size_t n = a_len < b_len ? a_len : b_len;
	int c = memcmp(base + a_off, base + b_off, n);

	if (c != 0)
		return c;
	return a_len < b_len ? -1 : a_len > b_len;
}

static int compare_param(const char *base, const struct query_param *a, const struct query_param *b)
{
	int c = compare_span(base, a->name_off, a->name_len, b->name_off, b->name_len);

	return c != 0 ? c
		      : compare_span(base, a->value_off, a->value_len, b->value_off, b->value_len);
}

int sigv4_canonical_query(struct buf *out, const char *query, struct err *err)
{
	struct query_param params[SIGV4_MAX_QUERY_PARAMS], param;
	struct buf encoded;
	size_t count = 0, i, j, len, start, end, eq;
	int rc = -1;

	if (query == NULL || query[0] == '\0')
		return 0;
	len = strlen(query);
	buf_init_secure(&encoded, out->max); /* a presigned query holds the token */
	for (i = 0; i < len; i = end + 1) {
		start = i;
		end = i;
		while (end < len && query[end] != '&')
			end++;
		if (end == start)
			continue;
		if (count == SIGV4_MAX_QUERY_PARAMS) {
			fail(err, "too many query parameters");
			goto out;
		}
		eq = start;
		while (eq < end && query[eq] != '=')
			eq++;
		param.name_off = encoded.len;
		if (reencode(&encoded, query + start, eq - start) != 0)
			goto too_large;
		param.name_len = encoded.len - param.name_off;
		param.value_off = encoded.len;
		if (eq < end && reencode(&encoded, query + eq + 1, end - eq - 1) != 0)
			goto too_large;
		param.value_len = encoded.len - param.value_off;
		/* Insertion sort: n is bounded and the order must be total. */
		for (j = count; j > 0 && compare_param(encoded.data, &params[j - 1], &param) > 0;
		     j--)
			params[j] = params[j - 1];
		params[j] = param;
		count++;
	}
	for (i = 0; i < count; i++) {
		if ((i > 0 && buf_append_str(out, "&") != 0) ||
		    buf_append(out, encoded.data + params[i].name_off, params[i].name_len) != 0 ||
		    buf_append_str(out, "=") != 0 ||
		    buf_append(out, encoded.data + params[i].value_off, params[i].value_len) != 0)
			goto too_large;
	}
	rc = 0;
	goto out;
too_large:
	too_large(err);
out:
	buf_free(&encoded);
	return rc;
}

/* --- canonical headers --- */

/* Indexes of the headers in stable order of their lowercased names. */
static int sort_headers(size_t *order, const struct sigv4_header *headers, size_t count,
			struct err *err)
{
	size_t i, j;

	if (count > SIGV4_MAX_HEADERS)
		return fail(err, "too many headers");
	for (i = 0; i < count; i++)
		if (headers[i].name == NULL || headers[i].name[0] == '\0' ||
		    headers[i].value == NULL)
			return fail(err, "empty header name or value");
	for (i = 0; i < count; i++) {
		for (j = i;
		     j > 0 && compare_nocase(headers[order[j - 1]].name, headers[i].name) > 0; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	return 0;
}

static int append_lower(struct buf *out, const char *s)
{
	char c;

	for (; *s != '\0'; s++) {
		c = lower(*s);
		if (buf_append(out, &c, 1) != 0)
			return -1;
	}
	return 0;
}

/* Trims both ends and folds every run of whitespace into one space. */
static int append_trimmed(struct buf *out, const char *value)
{
	int pending_space = 0, any = 0;

	for (; *value != '\0'; value++) {
		if (is_space(*value)) {
			pending_space = any;
			continue;
		}
		if (pending_space && buf_append_str(out, " ") != 0)
			return -1;
		pending_space = 0;
		any = 1;
		if (buf_append(out, value, 1) != 0)
			return -1;
	}
	return 0;
}

/* Writes the canonical header lines (with canonical != 0) or the signed
 * header list. */
static int append_headers(struct buf *out, const struct sigv4_header *headers, size_t count,
			  int canonical, struct err *err)
{
	size_t order[SIGV4_MAX_HEADERS], i;
	const struct sigv4_header *h, *prev = NULL;

	if (sort_headers(order, headers, count, err) != 0)
		return -1;
	for (i = 0; i < count; i++) {
		h = &headers[order[i]];
		if (prev != NULL && equal_nocase(prev->name, h->name)) {
			if (canonical &&
			    (buf_append_str(out, ",") != 0 || append_trimmed(out, h->value) != 0))
				return too_large(err);
			continue;
		}
		if (canonical && prev != NULL && buf_append_str(out, "\n") != 0)
			return too_large(err);
		if (!canonical && prev != NULL && buf_append_str(out, ";") != 0)
			return too_large(err);
		if (append_lower(out, h->name) != 0)
			return too_large(err);
		if (canonical &&
		    (buf_append_str(out, ":") != 0 || append_trimmed(out, h->value) != 0))
			return too_large(err);
		prev = h;
	}
	if (canonical && prev != NULL && buf_append_str(out, "\n") != 0)
		return too_large(err);
	return 0;
}

int sigv4_signed_headers(struct buf *out, const struct sigv4_header *headers, size_t header_count,
			 struct err *err)
{
	return append_headers(out, headers, header_count, 0, err);
}

int sigv4_canonical_request(struct buf *out, struct buf *signed_headers, const char *method,
			    const char *path, const char *query, const struct sigv4_header *headers,
			    size_t header_count, const char *payload_hash, unsigned flags,
			    struct err *err)
{
	size_t list_start;

	if (buf_append_str(out, method) != 0 || buf_append_str(out, "\n") != 0)
		return too_large(err);
	if (sigv4_canonical_path(out, path, flags, err) != 0)
		return -1;
	if (buf_append_str(out, "\n") != 0)
		return too_large(err);
	if (sigv4_canonical_query(out, query, err) != 0)
		return -1;
	if (buf_append_str(out, "\n") != 0)
		return too_large(err);
	if (append_headers(out, headers, header_count, 1, err) != 0)
		return -1;
	if (buf_append_str(out, "\n") != 0)
		return too_large(err);
	list_start = out->len;
	if (sigv4_signed_headers(out, headers, header_count, err) != 0)
		return -1;
	if (signed_headers != NULL) {
		buf_reset(signed_headers);
		if (buf_append(signed_headers, out->data + list_start, out->len - list_start) != 0)
			return too_large(err);
	}
	if (buf_append_str(out, "\n") != 0 || buf_append_str(out, payload_hash) != 0)
		return too_large(err);
	return 0;
}

/* --- string to sign, key, signature --- */

int sigv4_scope(struct buf *out, const char *amz_date, const char *region, const char *service,
		struct err *err)
{
	if (strlen(amz_date) < 8)
		return fail(err, "bad signing date");
	if (buf_append(out, amz_date, 8) != 0 ||
	    buf_appendf(out, "/%s/%s/aws4_request", region, service) != 0)
		return too_large(err);
	return 0;
}

int sigv4_string_to_sign(struct buf *out, const char *amz_date, const char *region,
			 const char *service, const char *canonical_request, size_t len,
			 struct err *err)
{
	char hash[SIGV4_HEX_SIZE];

	sigv4_sha256_hex(hash, canonical_request, len);
	if (buf_appendf(out, "%s\n%s\n", SIGV4_ALGORITHM, amz_date) != 0)
		return too_large(err);
	if (sigv4_scope(out, amz_date, region, service, err) != 0)
		return -1;
	if (buf_appendf(out, "\n%s", hash) != 0)
		return too_large(err);
	return 0;
}

static void hmac_sha256(unsigned char out[SIGV4_KEY_SIZE], const void *key, size_t key_len,
			const void *data, size_t len)
{
	br_hmac_key_context key_ctx;
	br_hmac_context hmac;

	br_hmac_key_init(&key_ctx, &br_sha256_vtable, key, key_len);
	br_hmac_init(&hmac, &key_ctx, 0);
	br_hmac_update(&hmac, data, len);
	br_hmac_out(&hmac, out);
	/* Both hold the key's inner and outer hash states. */
	explicit_bzero(&key_ctx, sizeof(key_ctx));
	explicit_bzero(&hmac, sizeof(hmac));
}

int sigv4_signing_key(unsigned char key[SIGV4_KEY_SIZE], const char *secret, const char *amz_date,
		      const char *region, const char *service, struct err *err)
{
	unsigned char first[4 + SIGV4_MAX_SECRET];
	unsigned char chain[SIGV4_KEY_SIZE];
	size_t secret_len = strlen(secret);

	if (secret_len > SIGV4_MAX_SECRET)
		return fail(err, "secret access key too long");
	if (strlen(amz_date) < 8)
		return fail(err, "bad signing date");
	memcpy(first, "AWS4", 4);
	memcpy(first + 4, secret, secret_len);
	hmac_sha256(chain, first, 4 + secret_len, amz_date, 8);
	explicit_bzero(first, sizeof(first));
	hmac_sha256(chain, chain, sizeof(chain), region, strlen(region));
	hmac_sha256(chain, chain, sizeof(chain), service, strlen(service));
	hmac_sha256(key, chain, sizeof(chain), "aws4_request", strlen("aws4_request"));
	explicit_bzero(chain, sizeof(chain));
	return 0;
}

void sigv4_signature(char out[SIGV4_HEX_SIZE], const unsigned char key[SIGV4_KEY_SIZE],
		     const char *string_to_sign, size_t len)
{
	unsigned char mac[SIGV4_KEY_SIZE];

	hmac_sha256(mac, key, SIGV4_KEY_SIZE, string_to_sign, len);
	to_hex(out, mac, sizeof(mac));
}

/* --- whole chains --- */

static int has_token(const struct sigv4_credentials *creds)
{
	return creds->session_token != NULL && creds->session_token[0] != '\0';
}

/* Checks the inputs both modes share and fills amz_date and payload_hash. */
static int prepare(const struct sigv4_request *req, const struct sigv4_context *ctx,
		   struct sigv4_output *out, struct err *err)
{
	static const char *const reserved[] = {"authorization", "x-amz-date",
					       "x-amz-security-token", "x-amz-content-sha256"};
	const struct sigv4_credentials *creds = ctx->credentials;
	size_t i, r;
	int host = 0;

	if (creds == NULL || creds->access_key_id == NULL || creds->access_key_id[0] == '\0' ||
	    creds->secret_access_key == NULL)
		return fail(err, "no credentials");
	if (req->method == NULL || req->path == NULL || ctx->region == NULL ||
	    ctx->service == NULL || ctx->region[0] == '\0' || ctx->service[0] == '\0')
		return fail(err, "incomplete request");
	if (req->header_count > SIGV4_MAX_HEADERS)
		return fail(err, "too many headers");
	for (i = 0; i < req->header_count; i++) {
		if (req->headers[i].name == NULL)
			return fail(err, "empty header name");
		host |= equal_nocase(req->headers[i].name, "host");
		for (r = 0; r < sizeof(reserved) / sizeof(reserved[0]); r++)
			if (equal_nocase(req->headers[i].name, reserved[r]))
				return err_set(err, EXIT_RUNTIME,
					       "signing request: header %s is added by the signer",
					       reserved[r]);
	}
	if (!host)
		return fail(err, "no Host header");
	if (sigv4_amz_date(out->amz_date, ctx->time, err) != 0)
		return -1;
	if (req->payload_hash != NULL) {
		if (req->payload_hash[0] == '\0' || strlen(req->payload_hash) >= SIGV4_HEX_SIZE)
			return fail(err, "bad payload hash");
		memcpy(out->payload_hash, req->payload_hash, strlen(req->payload_hash) + 1);
	} else {
		sigv4_sha256_hex(out->payload_hash, req->payload != NULL ? req->payload : "",
				 req->payload_len);
	}
	out->security_token = NULL;
	out->content_sha256 = 0;
	out->signature[0] = '\0';
	return 0;
}

/* Canonical request -> string to sign -> signature, tracing both texts
 * into out's optional bufs. */
static int sign_chain(const struct sigv4_request *req, const char *query,
		      const struct sigv4_header *headers, size_t header_count,
		      const struct sigv4_context *ctx, struct sigv4_output *out, size_t max,
		      struct err *err)
{
	struct buf creq, sts;
	unsigned char key[SIGV4_KEY_SIZE];
	int rc = -1;

	buf_init_secure(&creq, max); /* the session token, when it is signed */
	buf_init_secure(&sts, max);
	if (sigv4_canonical_request(&creq, NULL, req->method, req->path, query, headers,
				    header_count, out->payload_hash, ctx->flags, err) != 0)
		goto out;
	if (sigv4_string_to_sign(&sts, out->amz_date, ctx->region, ctx->service, buf_str(&creq),
				 creq.len, err) != 0)
		goto out;
	if (sigv4_signing_key(key, ctx->credentials->secret_access_key, out->amz_date, ctx->region,
			      ctx->service, err) != 0)
		goto out;
	sigv4_signature(out->signature, key, buf_str(&sts), sts.len);
	if (out->canonical_request != NULL) {
		buf_reset(out->canonical_request);
		if (buf_append(out->canonical_request, buf_str(&creq), creq.len) != 0) {
			too_large(err);
			goto out;
		}
	}
	if (out->string_to_sign != NULL) {
		buf_reset(out->string_to_sign);
		if (buf_append(out->string_to_sign, buf_str(&sts), sts.len) != 0) {
			too_large(err);
			goto out;
		}
	}
	rc = 0;
out:
	/* The canonical request may carry the session token; the key is the
	 * secret's derivative: wiped on every way out. */
	explicit_bzero(key, sizeof(key));
	buf_wipe(&creq);
	buf_wipe(&sts);
	return rc;
}

int sigv4_sign_headers(const struct sigv4_request *req, const struct sigv4_context *ctx,
		       struct sigv4_output *out, struct buf *authorization, struct err *err)
{
	struct sigv4_header headers[SIGV4_MAX_HEADERS + 3];
	size_t count;

	buf_reset(authorization);
	if (prepare(req, ctx, out, err) != 0)
		return -1;
	memcpy(headers, req->headers, req->header_count * sizeof(headers[0]));
	count = req->header_count;
	headers[count].name = "x-amz-date";
	headers[count++].value = out->amz_date;
	if (has_token(ctx->credentials)) {
		out->security_token = ctx->credentials->session_token;
		if (!(ctx->flags & SIGV4_TOKEN_UNSIGNED)) {
			headers[count].name = "x-amz-security-token";
			headers[count++].value = out->security_token;
		}
	}
	if (ctx->flags & SIGV4_CONTENT_SHA256) {
		out->content_sha256 = 1;
		headers[count].name = "x-amz-content-sha256";
		headers[count++].value = out->payload_hash;
	}
	if (count > SIGV4_MAX_HEADERS)
		return fail(err, "too many headers");
	if (sign_chain(req, req->query, headers, count, ctx, out, SIGV4_MAX_CANONICAL, err) != 0)
		return -1;
	if (buf_appendf(authorization, "%s Credential=%s/", SIGV4_ALGORITHM,
			ctx->credentials->access_key_id) != 0 ||
	    sigv4_scope(authorization, out->amz_date, ctx->region, ctx->service, err) != 0 ||
	    buf_append_str(authorization, ", SignedHeaders=") != 0 ||
	    sigv4_signed_headers(authorization, headers, count, err) != 0 ||
	    buf_appendf(authorization, ", Signature=%s", out->signature) != 0)
		return too_large(err);
	return 0;
}

/* Appends "&name=" (no '&' at the start of an empty query) and the value
 * percent-encoded. */
static int append_param(struct buf *query, const char *name, const char *value)
{
	if ((query->len > 0 && buf_append_str(query, "&") != 0) ||
	    buf_append_str(query, name) != 0 || buf_append_str(query, "=") != 0)
		return -1;
	return uri_encode(query, value, strlen(value), 1);
}

int sigv4_presign(const struct sigv4_request *req, const struct sigv4_context *ctx,
		  unsigned expires_seconds, struct sigv4_output *out, struct buf *query,
		  struct err *err)
{
	struct buf scratch;
	char expires[24];
	int n, rc = -1;

	buf_reset(query);
	buf_init_secure(&scratch, query->max);
	if (prepare(req, ctx, out, err) != 0)
		goto out;
	n = snprintf(expires, sizeof(expires), "%u", expires_seconds);
	if (n < 0 || (size_t)n >= sizeof(expires)) {
		fail(err, "bad expiry");
		goto out;
	}
	if (req->query != NULL && buf_append_str(query, req->query) != 0)
		goto too_large;
	if (append_param(query, "X-Amz-Algorithm", SIGV4_ALGORITHM) != 0)
		goto too_large;
	if (buf_appendf(&scratch, "%s/", ctx->credentials->access_key_id) != 0)
		goto too_large;
	if (sigv4_scope(&scratch, out->amz_date, ctx->region, ctx->service, err) != 0)
		goto out;
	if (append_param(query, "X-Amz-Credential", buf_str(&scratch)) != 0 ||
	    append_param(query, "X-Amz-Date", out->amz_date) != 0)
		goto too_large;
	buf_reset(&scratch);
	if (sigv4_signed_headers(&scratch, req->headers, req->header_count, err) != 0)
		goto out;
	if (append_param(query, "X-Amz-Expires", expires) != 0 ||
	    append_param(query, "X-Amz-SignedHeaders", buf_str(&scratch)) != 0)
		goto too_large;
	if (has_token(ctx->credentials) && !(ctx->flags & SIGV4_TOKEN_UNSIGNED) &&
	    append_param(query, "X-Amz-Security-Token", ctx->credentials->session_token) != 0)
		goto too_large;
	if (sign_chain(req, buf_str(query), req->headers, req->header_count, ctx, out,
		       SIGV4_MAX_CANONICAL, err) != 0)
		goto out;
	if (has_token(ctx->credentials) && (ctx->flags & SIGV4_TOKEN_UNSIGNED) &&
	    append_param(query, "X-Amz-Security-Token", ctx->credentials->session_token) != 0)
		goto too_large;
	if (append_param(query, "X-Amz-Signature", out->signature) != 0)
		goto too_large;
	rc = 0;
	goto out;
too_large:
	too_large(err);
out:
	buf_free(&scratch);
	return rc;
}
