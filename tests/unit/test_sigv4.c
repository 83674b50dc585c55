/* test_sigv4 — the SigV4 signer against the official AWS vectors, botocore
 * and hand-picked edge cases.
 *
 * SIGV4_TEST_SUITE names the vector folder (default ../shared/sigv4-test-suite,
 * relative to the repository root, where the tests run); every case folder
 * in it is one RUN checking each stage in header and query mode. When the
 * folder is absent the suite is skipped, not failed.
 * SIGV4_BOTOCORE_VECTORS names a file written by tests/gen_sigv4_vectors.py;
 * each vector is one RUN comparing our canonical request and Authorization
 * (or presigned signature) with botocore's.
 */
#include "aws/sigv4.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "unit.h"
#include "util/uri.h"

#define MAX_TEST_HEADERS 32

/* Runs fn under a name chosen at run time, the way RUN does. */
static void run_named(const char *name, void (*fn)(const char *), const char *arg)
{
	unit_current = name;
	unit_current_failed = 0;
	fn(arg);
	if (unit_current_failed)
		unit_failed++;
	else
		unit_passed++;
}

static char *read_file(const char *path, size_t *len_out)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL, *grown;
	size_t len = 0, cap = 0, n;

	if (f == NULL)
		return NULL;
	for (;;) {
		if (cap - len < 4096) {
			cap = cap ? cap * 2 : 8192;
			grown = realloc(data, cap);
			if (grown == NULL) {
				free(data);
				fclose(f);
				return NULL;
			}
			data = grown;
		}
		n = fread(data + len, 1, cap - len - 1, f);
		len += n;
		if (n == 0)
			break;
	}
	fclose(f);
	data[len] = '\0';
	if (len_out != NULL)
		*len_out = len;
	return data;
}

static char *read_case_file(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s/%s", dir, name);

	if (n < 0 || (size_t)n >= sizeof(path))
		return NULL;
	return read_file(path, len);
}

/* --- an HTTP request as written in the suite, parsed in place --- */

struct http_request {
	char *text; /* owned; the pieces below point into it */
	const char *method;
	const char *target;
	char path[4096];
	char query[8192];
	int has_query;
	struct sigv4_header headers[MAX_TEST_HEADERS];
	size_t header_count;
	const char *body;
	size_t body_len;
};

static int parse_request(struct http_request *req, char *text, size_t len)
{
	char *line_end, *p, *colon, *question, *version;
	int n;

	memset(req, 0, sizeof(*req));
	req->text = text;
	line_end = strchr(text, '\n');
	if (line_end == NULL)
		return -1;
	*line_end = '\0';
	/* The target may contain spaces: cut " HTTP/1.1" from the end. */
	version = strstr(text, " HTTP/1.1");
	p = strchr(text, ' ');
	if (version == NULL || p == NULL || p >= version)
		return -1;
	*version = '\0';
	*p = '\0';
	req->method = text;
	req->target = p + 1;
	question = strchr(req->target, '?');
	req->has_query = question != NULL;
	n = snprintf(req->path, sizeof(req->path), "%.*s",
		     (int)(question ? (size_t)(question - req->target) : strlen(req->target)),
		     req->target);
	if (n < 0 || (size_t)n >= sizeof(req->path))
		return -1;
	n = snprintf(req->query, sizeof(req->query), "%s", question ? question + 1 : "");
	if (n < 0 || (size_t)n >= sizeof(req->query))
		return -1;

	p = line_end + 1;
	while (*p != '\0' && *p != '\n') {
		/* A header runs on over lines that start with whitespace. */
		line_end = strchr(p, '\n');
		while (line_end != NULL && (line_end[1] == ' ' || line_end[1] == '\t'))
			line_end = strchr(line_end + 1, '\n');
		if (line_end == NULL || req->header_count == MAX_TEST_HEADERS)
			return -1;
		*line_end = '\0';
		colon = strchr(p, ':');
		if (colon == NULL)
			return -1;
		*colon = '\0';
		req->headers[req->header_count].name = p;
		req->headers[req->header_count++].value = colon + 1;
		p = line_end + 1;
	}
	if (*p == '\n')
		p++;
	req->body = p;
	req->body_len = len - (size_t)(p - text);
	return 0;
}

/* --- context.json, read just far enough for these files --- */

struct suite_context {
	char access_key_id[64];
	char secret[128];
	char token[1024];
	char region[64];
	char service[64];
	time_t time;
	long expires;
	int normalize, sign_body, omit_session_token;
};

static const char *json_value(const char *json, const char *key)
{
	char quoted[64];
	const char *p;
	int n = snprintf(quoted, sizeof(quoted), "\"%s\"", key);

	if (n < 0 || (size_t)n >= sizeof(quoted) || (p = strstr(json, quoted)) == NULL)
		return NULL;
	p = strchr(p + n, ':');
	if (p == NULL)
		return NULL;
	p++;
	while (*p == ' ' || *p == '\n')
		p++;
	return p;
}

static void json_string(const char *json, const char *key, char *out, size_t size)
{
	const char *p = json_value(json, key), *end;

	out[0] = '\0';
	if (p == NULL || *p != '"' || (end = strchr(p + 1, '"')) == NULL ||
	    (size_t)(end - p - 1) >= size)
		return;
	memcpy(out, p + 1, (size_t)(end - p - 1));
	out[end - p - 1] = '\0';
}

static int json_true(const char *json, const char *key)
{
	const char *p = json_value(json, key);

	return p != NULL && strncmp(p, "true", 4) == 0;
}

static int parse_context(struct suite_context *ctx, const char *json)
{
	char stamp[64];
	const char *p;
	struct tm tm;

	memset(ctx, 0, sizeof(*ctx));
	json_string(json, "access_key_id", ctx->access_key_id, sizeof(ctx->access_key_id));
	json_string(json, "secret_access_key", ctx->secret, sizeof(ctx->secret));
	json_string(json, "token", ctx->token, sizeof(ctx->token));
	json_string(json, "region", ctx->region, sizeof(ctx->region));
	json_string(json, "service", ctx->service, sizeof(ctx->service));
	json_string(json, "timestamp", stamp, sizeof(stamp));
	ctx->normalize = json_true(json, "normalize");
	ctx->sign_body = json_true(json, "sign_body");
	ctx->omit_session_token = json_true(json, "omit_session_token");
	p = json_value(json, "expiration_in_seconds");
	ctx->expires = p != NULL ? strtol(p, NULL, 10) : 0;
	memset(&tm, 0, sizeof(tm));
	if (sscanf(stamp, "%4d-%2d-%2dT%2d:%2d:%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	ctx->time = timegm(&tm);
	return ctx->access_key_id[0] && ctx->secret[0] && ctx->region[0] ? 0 : -1;
}

/* --- comparisons --- */

static void check_file(const char *dir, const char *name, const char *got)
{
	char *want = read_case_file(dir, name, NULL);

	if (want == NULL) {
		fprintf(stderr, "%s: cannot read %s/%s\n", unit_current, dir, name);
		unit_current_failed = 1;
		return;
	}
	if (strcmp(got, want) != 0) {
		fprintf(stderr, "%s: %s differs\n--- got\n%s\n--- want\n%s\n---\n", unit_current,
			name, got, want);
		unit_current_failed = 1;
	}
	free(want);
}

/* Same headers, as a multiset of (case-insensitive name, exact value). */
static int same_header_set(const struct sigv4_header *a, size_t a_count,
			   const struct sigv4_header *b, size_t b_count)
{
	int used[MAX_TEST_HEADERS] = {0};
	size_t i, j;

	if (a_count != b_count || b_count > MAX_TEST_HEADERS)
		return 0;
	for (i = 0; i < a_count; i++) {
		for (j = 0; j < b_count; j++)
			if (!used[j] && strcasecmp(a[i].name, b[j].name) == 0 &&
			    strcmp(a[i].value, b[j].value) == 0)
				break;
		if (j == b_count)
			return 0;
		used[j] = 1;
	}
	return 1;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Splits a copy of the query on '&' and sorts the pieces. */
static size_t sorted_params(char *copy, char **params, size_t max)
{
	size_t count = 0;
	char *p = copy, *amp;

	while (*p != '\0' && count < max) {
		params[count++] = p;
		amp = strchr(p, '&');
		if (amp == NULL)
			break;
		*amp = '\0';
		p = amp + 1;
	}
	qsort(params, count, sizeof(params[0]), compare_strings);
	return count;
}

static int same_param_set(const char *a, const char *b)
{
	char *a_copy = strdup(a), *b_copy = strdup(b);
	char *a_params[64], *b_params[64];
	size_t a_count, b_count, i;
	int same = 0;

	if (a_copy == NULL || b_copy == NULL)
		goto out;
	a_count = sorted_params(a_copy, a_params, 64);
	b_count = sorted_params(b_copy, b_params, 64);
	same = a_count == b_count;
	for (i = 0; same && i < a_count; i++)
		same = strcmp(a_params[i], b_params[i]) == 0;
out:
	free(a_copy);
	free(b_copy);
	return same;
}

/* --- the official suite --- */

/* Header mode's signed request: the original headers plus those the signer
 * said to add, as a set. */
static void check_signed_headers(const struct http_request *req, const struct http_request *want,
				 const struct sigv4_output *out, const char *authorization)
{
	struct sigv4_header headers[MAX_TEST_HEADERS];
	size_t count = req->header_count;

	if (count + 4 > MAX_TEST_HEADERS) {
		CHECK(count + 4 <= MAX_TEST_HEADERS);
		return;
	}
	memcpy(headers, req->headers, count * sizeof(headers[0]));
	headers[count].name = "X-Amz-Date";
	headers[count++].value = out->amz_date;
	if (out->security_token != NULL) {
		headers[count].name = "X-Amz-Security-Token";
		headers[count++].value = out->security_token;
	}
	if (out->content_sha256) {
		headers[count].name = "x-amz-content-sha256";
		headers[count++].value = out->payload_hash;
	}
	headers[count].name = "Authorization";
	headers[count++].value = authorization;
	CHECK_STR(want->target, req->target);
	CHECK(same_header_set(headers, count, want->headers, want->header_count));
}

/* Query mode's signed request: our query as a parameter set, headers as sent. */
static void check_signed_query(const struct http_request *req, const struct http_request *want,
			       const struct sigv4_output *out, const char *query)
{
	CHECK(out->security_token == NULL && out->content_sha256 == 0);
	CHECK_STR(want->path, req->path);
	if (!same_param_set(query, want->query)) {
		fprintf(stderr, "%s: query\n got  %s\n want %s\n", unit_current, query,
			want->query);
		unit_current_failed = 1;
	}
	CHECK(same_header_set(req->headers, req->header_count, want->headers, want->header_count));
}

/* "<mode>-<stage>.txt" in name[64] ("" if it does not fit, which then
 * fails to open). */
static const char *mode_file(char name[64], const char *mode, const char *stage)
{
	int n = snprintf(name, 64, "%s-%s.txt", mode, stage);

	return n < 0 || n >= 64 ? "" : name;
}

/* Signs in one mode and checks each stage and the signed request against
 * the <mode>-*.txt files. */
static void check_mode(const char *dir, const struct http_request *req,
		       const struct sigv4_request *sreq, const struct sigv4_context *sctx,
		       long expires, int query_mode)
{
	const char *mode = query_mode ? "query" : "header";
	struct buf creq, sts, result;
	struct sigv4_output out;
	struct err err = {0};
	struct http_request want;
	char name[64], *text;
	size_t len;
	int rc;

	memset(&out, 0, sizeof(out));
	buf_init(&creq, 1 << 16);
	buf_init(&sts, 1 << 16);
	buf_init(&result, 1 << 16);
	out.canonical_request = &creq;
	out.string_to_sign = &sts;
	if (query_mode)
		rc = sigv4_presign(sreq, sctx, (unsigned)expires, &out, &result, &err);
	else
		rc = sigv4_sign_headers(sreq, sctx, &out, &result, &err);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "%s: %s: %s\n", unit_current, mode, err.message);
	check_file(dir, mode_file(name, mode, "canonical-request"), buf_str(&creq));
	check_file(dir, mode_file(name, mode, "string-to-sign"), buf_str(&sts));
	check_file(dir, mode_file(name, mode, "signature"), out.signature);

	text = read_case_file(dir, mode_file(name, mode, "signed-request"), &len);
	CHECK(text != NULL && parse_request(&want, text, len) == 0);
	if (text != NULL) {
		CHECK_STR(want.method, req->method);
		CHECK(want.body_len == req->body_len &&
		      memcmp(want.body, req->body, req->body_len) == 0);
		if (query_mode)
			check_signed_query(req, &want, &out, buf_str(&result));
		else
			check_signed_headers(req, &want, &out, buf_str(&result));
	}
	free(text);
	buf_free(&creq);
	buf_free(&sts);
	buf_free(&result);
}

static void suite_case(const char *dir)
{
	struct suite_context ctx;
	struct http_request req;
	struct sigv4_credentials creds;
	struct sigv4_context sctx;
	struct sigv4_request sreq;
	char *json = read_case_file(dir, "context.json", NULL);
	char *text;
	size_t len;

	text = read_case_file(dir, "request.txt", &len);
	CHECK(json != NULL && text != NULL);
	if (json == NULL || text == NULL)
		goto out;
	CHECK(parse_context(&ctx, json) == 0);
	CHECK(parse_request(&req, text, len) == 0);
	if (unit_current_failed)
		goto out;

	creds = (struct sigv4_credentials){ctx.access_key_id, ctx.secret,
					   ctx.token[0] ? ctx.token : NULL};
	sctx = (struct sigv4_context){&creds, ctx.region, ctx.service, ctx.time, 0};
	if (!ctx.normalize)
		sctx.flags |= SIGV4_NO_NORMALIZE;
	if (ctx.sign_body)
		sctx.flags |= SIGV4_CONTENT_SHA256;
	if (ctx.omit_session_token)
		sctx.flags |= SIGV4_TOKEN_UNSIGNED;
	sreq = (struct sigv4_request){req.method,	req.path, req.query, req.headers,
				      req.header_count, NULL,	  0,	     NULL};
	if (ctx.sign_body) {
		sreq.payload = req.body;
		sreq.payload_len = req.body_len;
	}
	check_mode(dir, &req, &sreq, &sctx, ctx.expires, 0);
	check_mode(dir, &req, &sreq, &sctx, ctx.expires, 1);
out:
	free(json);
	free(text);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_suite(void)
{
	const char *root = getenv("SIGV4_TEST_SUITE");
	char *names[256], path[4096], label[300];
	struct dirent *entry;
	size_t count = 0, i;
	DIR *dir;
	FILE *f;
	int n;

	if (root == NULL || root[0] == '\0')
		root = "../shared/sigv4-test-suite";
	dir = opendir(root);
	if (dir == NULL) {
		printf("sigv4: official vectors skipped: %s is absent (../shared is absent; set "
		       "SIGV4_TEST_SUITE)\n",
		       root);
		return;
	}
	while ((entry = readdir(dir)) != NULL && count < 256) {
		if (entry->d_name[0] == '.')
			continue;
		n = snprintf(path, sizeof(path), "%s/%s/context.json", root, entry->d_name);
		if (n < 0 || (size_t)n >= sizeof(path) || (f = fopen(path, "r")) == NULL)
			continue;
		fclose(f);
		names[count] = strdup(entry->d_name);
		if (names[count] != NULL)
			count++;
	}
	closedir(dir);
	qsort(names, count, sizeof(names[0]), compare_names);
	for (i = 0; i < count; i++) {
		n = snprintf(path, sizeof(path), "%s/%s", root, names[i]);
		if (snprintf(label, sizeof(label), "suite %s", names[i]) >= (int)sizeof(label) ||
		    n < 0 || (size_t)n >= sizeof(path)) {
			free(names[i]);
			continue;
		}
		run_named(label, suite_case, path);
		free(names[i]);
	}
	if (count == 0) {
		unit_current = "suite";
		fprintf(stderr, "sigv4: no case folders in %s\n", root);
		unit_failed++;
	}
	printf("sigv4: %zu official cases from %s\n", count, root);
}

/* --- botocore vectors --- */

struct vector {
	int query_mode;
	char *method, *path, *query, *body, *akid, *secret, *token, *region, *service;
	char *creq, *authz, *signature;
	char *names[MAX_TEST_HEADERS], *values[MAX_TEST_HEADERS];
	size_t header_count, body_len;
	long long time;
	long expires;
};

static void vector_free(struct vector *v)
{
	size_t i;

	free(v->method);
	free(v->path);
	free(v->query);
	free(v->body);
	free(v->akid);
	free(v->secret);
	free(v->token);
	free(v->region);
	free(v->service);
	free(v->creq);
	free(v->authz);
	free(v->signature);
	for (i = 0; i < v->header_count; i++) {
		free(v->names[i]);
		free(v->values[i]);
	}
	memset(v, 0, sizeof(*v));
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes a hex field ("-" is empty) up to a space or end of line into a
 * new NUL-terminated string; *len gets its length. */
static char *unhex(const char *p, size_t *len)
{
	size_t n = 0, i;
	char *out;

	if (*p == '-')
		n = 0;
	else
		while (hex_digit(p[n]) >= 0)
			n++;
	if (n % 2 != 0 || (out = malloc(n / 2 + 1)) == NULL)
		return NULL;
	for (i = 0; i < n / 2; i++)
		out[i] = (char)(hex_digit(p[2 * i]) * 16 + hex_digit(p[2 * i + 1]));
	out[n / 2] = '\0';
	if (len != NULL)
		*len = n / 2;
	return out;
}

/* Reads the next vector; 1 when one was read, 0 at end of file, -1 on a
 * malformed file. */
static int read_vector(FILE *f, struct vector *v)
{
	char *line = NULL, *value, **field, *space;
	size_t cap = 0;
	ssize_t got;
	int rc = -1, any = 0;

	memset(v, 0, sizeof(*v));
	while ((got = getline(&line, &cap, f)) > 0) {
		if (line[got - 1] == '\n')
			line[--got] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		any = 1;
		if (strcmp(line, "end") == 0) {
			rc = 1;
			goto out;
		}
		value = strchr(line, ' ');
		if (value == NULL)
			goto out;
		*value++ = '\0';
		field = NULL;
		if (strcmp(line, "mode") == 0) {
			v->query_mode = strcmp(value, "query") == 0;
		} else if (strcmp(line, "time") == 0) {
			v->time = strtoll(value, NULL, 10);
		} else if (strcmp(line, "expires") == 0) {
			v->expires = strtol(value, NULL, 10);
		} else if (strcmp(line, "header") == 0) {
			space = strchr(value, ' ');
			if (space == NULL || v->header_count == MAX_TEST_HEADERS)
				goto out;
			v->names[v->header_count] = unhex(value, NULL);
			v->values[v->header_count] = unhex(space + 1, NULL);
			if (v->names[v->header_count] == NULL || v->values[v->header_count] == NULL)
				goto out;
			v->header_count++;
		} else if (strcmp(line, "body") == 0) {
			if ((v->body = unhex(value, &v->body_len)) == NULL)
				goto out;
		} else {
			static const struct {
				const char *name;
				size_t offset;
			} fields[] = {
			    {"method", offsetof(struct vector, method)},
			    {"path", offsetof(struct vector, path)},
			    {"query", offsetof(struct vector, query)},
			    {"akid", offsetof(struct vector, akid)},
			    {"secret", offsetof(struct vector, secret)},
			    {"token", offsetof(struct vector, token)},
			    {"region", offsetof(struct vector, region)},
			    {"service", offsetof(struct vector, service)},
			    {"creq", offsetof(struct vector, creq)},
			    {"authz", offsetof(struct vector, authz)},
			    {"signature", offsetof(struct vector, signature)},
			};
			size_t i;

			for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
				if (strcmp(line, fields[i].name) == 0)
					field = (char **)((char *)v + fields[i].offset);
			if (field == NULL || *field != NULL ||
			    (*field = unhex(value, NULL)) == NULL)
				goto out;
		}
	}
	rc = any ? -1 : 0;
out:
	free(line);
	return rc;
}

static struct vector *current_vector;

static void botocore_vector(const char *label)
{
	struct vector *v = current_vector;
	struct sigv4_header headers[MAX_TEST_HEADERS];
	struct sigv4_credentials creds = {v->akid, v->secret, v->token};
	struct sigv4_context ctx = {&creds, v->region, v->service, (time_t)v->time, 0};
	struct sigv4_request req = {v->method,	     v->path, v->query,	   headers,
				    v->header_count, v->body, v->body_len, NULL};
	struct sigv4_output out;
	struct buf creq, result;
	struct err err = {0};
	size_t i;
	int rc;

	(void)label;
	CHECK(v->method && v->path && v->query && v->akid && v->secret && v->region && v->service &&
	      v->creq && (v->query_mode ? v->signature != NULL : v->authz != NULL));
	if (unit_current_failed)
		return;
	for (i = 0; i < v->header_count; i++) {
		headers[i].name = v->names[i];
		headers[i].value = v->values[i];
	}
	memset(&out, 0, sizeof(out));
	buf_init(&creq, 1 << 20);
	buf_init(&result, 1 << 20);
	out.canonical_request = &creq;
	if (v->query_mode)
		rc = sigv4_presign(&req, &ctx, (unsigned)v->expires, &out, &result, &err);
	else
		rc = sigv4_sign_headers(&req, &ctx, &out, &result, &err);
	CHECK(rc == 0);
	if (rc != 0)
		fprintf(stderr, "%s: %s\n", unit_current, err.message);
	CHECK_STR(buf_str(&creq), v->creq);
	if (v->query_mode)
		CHECK_STR(out.signature, v->signature);
	else
		CHECK_STR(buf_str(&result), v->authz);
	buf_free(&creq);
	buf_free(&result);
}

static void run_botocore_vectors(void)
{
	const char *path = getenv("SIGV4_BOTOCORE_VECTORS");
	char label[64];
	struct vector v;
	size_t count = 0;
	FILE *f;
	int rc;

	if (path == NULL || path[0] == '\0') {
		printf("sigv4: botocore vectors skipped: SIGV4_BOTOCORE_VECTORS is not set "
		       "(python3 tests/gen_sigv4_vectors.py > FILE)\n");
		return;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		unit_current = "botocore vectors";
		fprintf(stderr, "sigv4: cannot open %s\n", path);
		unit_failed++;
		return;
	}
	while ((rc = read_vector(f, &v)) == 1) {
		count++;
		if (snprintf(label, sizeof(label), "botocore vector %zu", count) >=
		    (int)sizeof(label))
			label[0] = '\0';
		current_vector = &v;
		run_named(label, botocore_vector, label);
		vector_free(&v);
	}
	vector_free(&v);
	fclose(f);
	if (rc < 0 || count == 0) {
		fprintf(stderr, "sigv4: %s is malformed after %zu vectors\n", path, count);
		unit_failed++;
	}
	printf("sigv4: %zu botocore vectors from %s\n", count, path);
}

/* --- focused tests --- */

static const char *encode(const char *s, size_t len, int encode_slash)
{
	static struct buf out;

	buf_free(&out);
	buf_init(&out, 1024);
	if (uri_encode(&out, s, len, encode_slash) != 0)
		return NULL;
	return buf_str(&out);
}

TEST(signing_key_from_aws_docs)
{
	unsigned char key[SIGV4_KEY_SIZE];
	char hex[SIGV4_HEX_SIZE];
	struct err err = {0};
	size_t i;

	CHECK(sigv4_signing_key(key, "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215T000000Z",
				"us-east-1", "iam", &err) == 0);
	for (i = 0; i < sizeof(key); i++) {
		hex[2 * i] = "0123456789abcdef"[key[i] >> 4];
		hex[2 * i + 1] = "0123456789abcdef"[key[i] & 15];
	}
	hex[64] = '\0';
	CHECK_STR(hex, "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(sha256_hex)
{
	char hex[SIGV4_HEX_SIZE];

	sigv4_sha256_hex(hex, "", 0);
	CHECK_STR(hex, SIGV4_EMPTY_SHA256);
	sigv4_sha256_hex(hex, "abc", 3);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(uri_encode_edges)
{
	struct buf small;

	CHECK_STR(encode("", 0, 1), "");
	CHECK_STR(encode("AZaz09-._~", 10, 1), "AZaz09-._~");
	CHECK_STR(encode("a/b c", 5, 0), "a/b%20c");
	CHECK_STR(encode("a/b c", 5, 1), "a%2Fb%20c");
	CHECK_STR(encode("+%=&?#", 6, 1), "%2B%25%3D%26%3F%23");
	CHECK_STR(encode("\xe1\x88\xb4", 3, 1), "%E1%88%B4");
	CHECK_STR(encode("a\0b", 3, 1), "a%00b");
	CHECK_STR(encode("\xff", 1, 0), "%FF");
	CHECK_STR(encode("my cluster", 10, 1), "my%20cluster");
	buf_init(&small, 4);
	CHECK(uri_encode(&small, "ab", 2, 1) == 0);
	CHECK(uri_encode(&small, " ", 1, 1) == -1); /* would pass max */
	CHECK_STR(buf_str(&small), "ab");
	buf_free(&small);
	encode("", 0, 0);
}

static const char *canonical_path(const char *path, unsigned flags)
{
	static struct buf out;
	struct err err = {0};

	buf_free(&out);
	buf_init(&out, 1024);
	if (sigv4_canonical_path(&out, path, flags, &err) != 0)
		return NULL;
	return buf_str(&out);
}

TEST(canonical_path_double_encodes)
{
	/* EKS path labels are encoded on the wire, then once more when signed. */
	CHECK_STR(canonical_path("/clusters/my%20cluster/updates", 0),
		  "/clusters/my%2520cluster/updates");
	CHECK_STR(canonical_path("/clusters/my%20cluster/updates", SIGV4_S3_PATH),
		  "/clusters/my%20cluster/updates");
	CHECK_STR(canonical_path("", 0), "/");
	CHECK_STR(canonical_path("/", 0), "/");
	CHECK_STR(canonical_path("/a/./b/../c//", 0), "/a/c/");
	CHECK_STR(canonical_path("/../..", 0), "/");
	CHECK_STR(canonical_path("/a/..", 0), "/");
	CHECK_STR(canonical_path("/a/.", 0), "/a"); /* as botocore */
	CHECK_STR(canonical_path("//a//b", SIGV4_NO_NORMALIZE), "//a//b");
	CHECK_STR(canonical_path("/a b/ሴ", 0), "/a%20b/%E1%88%B4");
	canonical_path("", 0);
}

static const char *canonical_query(const char *query)
{
	static struct buf out;
	struct err err = {0};

	buf_free(&out);
	buf_init(&out, 4096);
	if (sigv4_canonical_query(&out, query, &err) != 0)
		return NULL;
	return buf_str(&out);
}

TEST(canonical_query_edges)
{
	CHECK_STR(canonical_query(NULL), "");
	CHECK_STR(canonical_query(""), "");
	CHECK_STR(canonical_query("b=2&a=1&a=0&c"), "a=0&a=1&b=2&c=");
	CHECK_STR(canonical_query("a=b/c"), "a=b%2Fc");
	CHECK_STR(canonical_query("a=b%2fc"), "a=b%2Fc");
	CHECK_STR(canonical_query("a+b=c d"), "a%2Bb=c%20d");
	CHECK_STR(canonical_query("p=%zz&q=%4"), "p=%25zz&q=%254");
	CHECK_STR(canonical_query("&&x=1&&"), "x=1");
	CHECK_STR(canonical_query("k=a=b"), "k=a%3Db");
	CHECK_STR(canonical_query("Action=GetCallerIdentity&Version=2011-06-15"),
		  "Action=GetCallerIdentity&Version=2011-06-15");
	canonical_query("");
}

static const struct sigv4_credentials test_creds = {
    "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", NULL};

/* Signs a fixed EKS request and returns its signature in sig. */
static int sign_eks(char sig[SIGV4_HEX_SIZE], const struct sigv4_credentials *creds,
		    const char *body, time_t time, struct buf *authz, struct sigv4_output *out)
{
	const struct sigv4_header headers[] = {
	    {"Host", "eks.us-west-2.amazonaws.com"},
	    {"Content-Type", "application/json"},
	};
	struct sigv4_request req = {
	    "POST", "/clusters/my%20cluster/updates", NULL, headers, 2, body, strlen(body), NULL};
	struct sigv4_context ctx = {creds, "us-west-2", "eks", time, 0};
	struct err err = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	rc = sigv4_sign_headers(&req, &ctx, out, authz, &err);
	memcpy(sig, out->signature, SIGV4_HEX_SIZE);
	return rc;
}

TEST(changed_secret_body_or_time_changes_signature)
{
	struct sigv4_credentials other = test_creds;
	char base[SIGV4_HEX_SIZE], sig[SIGV4_HEX_SIZE];
	struct sigv4_output out;
	struct buf authz;

	buf_init(&authz, 4096);
	CHECK(sign_eks(base, &test_creds, "{\"version\":\"1.31\"}", 1700000000, &authz, &out) == 0);
	CHECK(strlen(base) == 64);
	CHECK(sign_eks(sig, &test_creds, "{\"version\":\"1.31\"}", 1700000000, &authz, &out) == 0);
	CHECK_STR(sig, base); /* deterministic */
	other.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ";
	CHECK(sign_eks(sig, &other, "{\"version\":\"1.31\"}", 1700000000, &authz, &out) == 0);
	CHECK(strcmp(sig, base) != 0);
	CHECK(sign_eks(sig, &test_creds, "{\"version\":\"1.32\"}", 1700000000, &authz, &out) == 0);
	CHECK(strcmp(sig, base) != 0);
	CHECK(sign_eks(sig, &test_creds, "{\"version\":\"1.31\"}", 1700000001, &authz, &out) == 0);
	CHECK(strcmp(sig, base) != 0);
	buf_free(&authz);
}

TEST(session_token_is_signed_and_reported)
{
	struct sigv4_credentials creds = test_creds;
	char sig[SIGV4_HEX_SIZE];
	struct sigv4_output out;
	struct buf authz;

	buf_init(&authz, 4096);
	CHECK(sign_eks(sig, &creds, "", 1700000000, &authz, &out) == 0);
	CHECK(out.security_token == NULL);
	CHECK(strstr(buf_str(&authz), "x-amz-security-token") == NULL);
	creds.session_token = "";
	CHECK(sign_eks(sig, &creds, "", 1700000000, &authz, &out) == 0);
	CHECK(out.security_token == NULL); /* empty means none */
	creds.session_token = "FwoGZXIvYXdzE/token+=";
	CHECK(sign_eks(sig, &creds, "", 1700000000, &authz, &out) == 0);
	CHECK(out.security_token != NULL && strcmp(out.security_token, creds.session_token) == 0);
	CHECK_STR(out.amz_date, "20231114T221320Z");
	CHECK(strstr(buf_str(&authz), "SignedHeaders=content-type;host;x-amz-date;"
				      "x-amz-security-token, ") != NULL);
	CHECK(
	    strncmp(buf_str(&authz),
		    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-west-2/eks/aws4_request, ",
		    76) == 0);
	buf_free(&authz);
}

#define EKS_TOKEN_SIGNATURE "7ba70f4c717a364e6ce6af962f49cc45727ecdeb338f2e04021720c4109b3524"

TEST(eks_token_presign_matches_botocore)
{
	/* An EKS bearer token: presigned STS GetCallerIdentity with the cluster
	 * name signed in x-k8s-aws-id. Expected values from botocore 1.43.11's
	 * SigV4QueryAuth (same inputs, fixed time 2024-01-02T03:04:05Z). */
	const struct sigv4_header headers[] = {
	    {"host", "sts.us-west-2.amazonaws.com"},
	    {"x-k8s-aws-id", "my-cluster"},
	};
	struct sigv4_credentials creds = {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
					  "SESSION/TOKEN+="};
	struct sigv4_request req = {
	    "GET", "/", "Action=GetCallerIdentity&Version=2011-06-15", headers, 2, NULL, 0, NULL};
	struct sigv4_context ctx = {&creds, "us-west-2", "sts", 1704164645, 0};
	struct sigv4_output out;
	struct buf query;
	struct err err = {0};

	memset(&out, 0, sizeof(out));
	buf_init(&query, 8192);
	CHECK(sigv4_presign(&req, &ctx, 60, &out, &query, &err) == 0);
	CHECK_STR(buf_str(&query),
		  "Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256"
		  "&X-Amz-Credential=AKIDEXAMPLE%2F20240102%2Fus-west-2%2Fsts%2Faws4_request"
		  "&X-Amz-Date=20240102T030405Z&X-Amz-Expires=60"
		  "&X-Amz-SignedHeaders=host%3Bx-k8s-aws-id"
		  "&X-Amz-Security-Token=SESSION%2FTOKEN%2B%3D"
		  "&X-Amz-Signature=" EKS_TOKEN_SIGNATURE);
	CHECK_STR(out.signature, EKS_TOKEN_SIGNATURE);
	buf_free(&query);
}

TEST(bad_input_is_refused)
{
	const struct sigv4_header no_host[] = {{"Accept", "x"}};
	const struct sigv4_header reserved[] = {{"Host", "h"}, {"X-Amz-Date", "20200101T000000Z"}};
	struct sigv4_header many[SIGV4_MAX_HEADERS + 1];
	struct sigv4_request req = {"GET", "/", NULL, no_host, 1, NULL, 0, NULL};
	struct sigv4_context ctx = {&test_creds, "us-east-1", "eks", 0, 0};
	struct sigv4_credentials long_secret = test_creds;
	char secret[SIGV4_MAX_SECRET + 2];
	struct sigv4_output out;
	struct buf authz;
	struct err err = {0};
	size_t i;

	memset(&out, 0, sizeof(out));
	buf_init(&authz, 4096);
	CHECK(sigv4_sign_headers(&req, &ctx, &out, &authz, &err) == -1);
	CHECK(strstr(err.message, "Host") != NULL);
	err_clear(&err);
	req.headers = reserved;
	req.header_count = 2;
	CHECK(sigv4_sign_headers(&req, &ctx, &out, &authz, &err) == -1);
	CHECK(strstr(err.message, "x-amz-date") != NULL);
	err_clear(&err);
	for (i = 0; i < SIGV4_MAX_HEADERS + 1; i++)
		many[i] = (struct sigv4_header){"Host", "h"};
	req.headers = many;
	req.header_count = SIGV4_MAX_HEADERS + 1;
	CHECK(sigv4_sign_headers(&req, &ctx, &out, &authz, &err) == -1);
	err_clear(&err);
	req.header_count = SIGV4_MAX_HEADERS; /* all Host, so x-amz-date overflows */
	CHECK(sigv4_sign_headers(&req, &ctx, &out, &authz, &err) == -1);
	err_clear(&err);
	memset(secret, 'k', sizeof(secret) - 1);
	secret[sizeof(secret) - 1] = '\0';
	long_secret.secret_access_key = secret;
	req.header_count = 1;
	CHECK(sigv4_sign_headers(&req, &ctx, &out, &authz, &err) == 0);
	ctx.credentials = &long_secret;
	CHECK(sigv4_sign_headers(&req, &ctx, &out, &authz, &err) == -1);
	CHECK(strstr(err.message, "secret") != NULL);
	CHECK(strstr(err.message, secret) == NULL); /* never echoed */
	buf_free(&authz);
}

TEST(header_values_are_trimmed_and_folded)
{
	const struct sigv4_header headers[] = {
	    {"Host", "h"},	{"X-B", "  two   words\there  "}, {"x-a", "1"}, {"X-A", " 2 "},
	    {"X-Empty", "   "},
	};
	struct buf creq;
	struct err err = {0};

	buf_init(&creq, 4096);
	CHECK(sigv4_canonical_request(&creq, NULL, "GET", "/", "", headers, 5, "HASH", 0, &err) ==
	      0);
	CHECK_STR(buf_str(&creq), "GET\n/\n\nhost:h\nx-a:1,2\nx-b:two words here\nx-empty:\n\n"
				  "host;x-a;x-b;x-empty\nHASH");
	buf_free(&creq);
}

int main(void)
{
	RUN(signing_key_from_aws_docs);
	RUN(sha256_hex);
	RUN(uri_encode_edges);
	RUN(canonical_path_double_encodes);
	RUN(canonical_query_edges);
	RUN(changed_secret_body_or_time_changes_signature);
	RUN(session_token_is_signed_and_reported);
	RUN(eks_token_presign_matches_botocore);
	RUN(bad_input_is_refused);
	RUN(header_values_are_trimmed_and_folded);
	run_suite();
	run_botocore_vectors();
	return unit_done("sigv4");
}
