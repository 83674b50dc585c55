#include "util/json.h"
#include "util/uri.h"
#include "util/utf8.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parent links make closing brackets and commas O(depth) instead of a scan
 * back over every token; strict mode keeps primitives out of key position.
 * The grammar itself is checked by validate() before jsmn runs. */
#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

struct json_token {
	jsmntok_t tok;
};

/* --- strict validation ------------------------------------------------------ */

struct scan {
	const char *s;
	size_t len;
	size_t pos;
	size_t tokens;
	struct err *err;
};

static int scan_fail(struct scan *sc)
{
	if (sc->pos >= sc->len)
		return err_set(sc->err, EXIT_RUNTIME, "truncated JSON");
	return err_set(sc->err, EXIT_RUNTIME, "malformed JSON at offset %zu", sc->pos);
}

static void skip_ws(struct scan *sc)
{
	while (sc->pos < sc->len) {
		char c = sc->s[sc->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		sc->pos++;
	}
}

static int scan_string(struct scan *sc)
{
	sc->pos++; /* the opening quote */
	while (sc->pos < sc->len) {
		unsigned char c = (unsigned char)sc->s[sc->pos];
		size_t n;
		int i;

		if (c == '"') {
			sc->pos++;
			return 0;
		}
		if (c < 0x20)
			return scan_fail(sc);
		if (c == '\\') {
			sc->pos++;
			if (sc->pos >= sc->len)
				return scan_fail(sc);
			switch (sc->s[sc->pos]) {
			case '"':
			case '\\':
			case '/':
			case 'b':
			case 'f':
			case 'n':
			case 'r':
			case 't':
				sc->pos++;
				continue;
			case 'u':
				for (i = 1; i <= 4; i++) {
					if (sc->pos + (size_t)i >= sc->len) {
						sc->pos = sc->len;
						return scan_fail(sc);
					}
					if (uri_hex_digit(sc->s[sc->pos + (size_t)i]) < 0) {
						sc->pos += (size_t)i;
						return scan_fail(sc);
					}
				}
				sc->pos += 5;
				continue;
			default:
				return scan_fail(sc);
			}
		}
		n = utf8_decode((const unsigned char *)sc->s + sc->pos, sc->len - sc->pos, NULL);
		if (n == 0)
			return err_set(sc->err, EXIT_RUNTIME,
				       "malformed JSON at offset %zu: invalid UTF-8", sc->pos);
		sc->pos += n;
	}
	return scan_fail(sc);
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int scan_digits(struct scan *sc)
{
	if (sc->pos >= sc->len || !is_digit(sc->s[sc->pos]))
		return scan_fail(sc);
	while (sc->pos < sc->len && is_digit(sc->s[sc->pos]))
		sc->pos++;
	return 0;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int scan_number(struct scan *sc)
{
	if (sc->s[sc->pos] == '-')
		sc->pos++;
	if (sc->pos < sc->len && sc->s[sc->pos] == '0')
		sc->pos++;
	else if (scan_digits(sc) != 0)
		return -1;
	if (sc->pos < sc->len && sc->s[sc->pos] == '.') {
		sc->pos++;
		if (scan_digits(sc) != 0)
			return -1;
	}
	if (sc->pos < sc->len && (sc->s[sc->pos] == 'e' || sc->s[sc->pos] == 'E')) {
		sc->pos++;
		if (sc->pos < sc->len && (sc->s[sc->pos] == '+' || sc->s[sc->pos] == '-'))
			sc->pos++;
		if (scan_digits(sc) != 0)
			return -1;
	}
	return 0;
}

static int scan_literal(struct scan *sc, const char *word)
{
	size_t n = strlen(word), i;

	for (i = 0; i < n; i++, sc->pos++) {
		if (sc->pos >= sc->len || sc->s[sc->pos] != word[i])
			return scan_fail(sc);
	}
	return 0;
}

static int scan_count(struct scan *sc)
{
	if (sc->tokens >= JSON_MAX_TOKENS)
		return err_set(sc->err, EXIT_RUNTIME, "JSON too large (more than %d values)",
			       JSON_MAX_TOKENS);
	sc->tokens++;
	return 0;
}

/* An object key and its colon; the caller has skipped whitespace. */
static int scan_key(struct scan *sc)
{
	if (sc->pos >= sc->len || sc->s[sc->pos] != '"')
		return scan_fail(sc);
	if (scan_count(sc) != 0 || scan_string(sc) != 0)
		return -1;
	skip_ws(sc);
	if (sc->pos >= sc->len || sc->s[sc->pos] != ':')
		return scan_fail(sc);
	sc->pos++;
	skip_ws(sc);
	return 0;
}

/* Scans exactly one JSON value starting at sc->pos (no whitespace before
 * it) and leaves sc->pos just after it, counting the tokens jsmn will
 * produce (values and keys). Iterative, with an explicit stack bounded by
 * JSON_MAX_DEPTH. */
static int scan_value(struct scan *sc)
{
	char stack[JSON_MAX_DEPTH];
	int depth = 0;
	char c;

	for (;;) {
		/* A value starts at sc->pos. */
		if (sc->pos >= sc->len)
			return scan_fail(sc);
		if (scan_count(sc) != 0)
			return -1;
		c = sc->s[sc->pos];
		if (c == '{' || c == '[') {
			if (depth >= JSON_MAX_DEPTH)
				return err_set(sc->err, EXIT_RUNTIME,
					       "JSON nested too deeply (more than %d levels)",
					       JSON_MAX_DEPTH);
			stack[depth++] = c;
			sc->pos++;
			skip_ws(sc);
			if (sc->pos < sc->len && sc->s[sc->pos] == (c == '{' ? '}' : ']')) {
				depth--;
				sc->pos++;
			} else if (c == '{') {
				if (scan_key(sc) != 0)
					return -1;
				continue;
			} else {
				continue;
			}
		} else if (c == '"') {
			if (scan_string(sc) != 0)
				return -1;
		} else if (c == '-' || is_digit(c)) {
			if (scan_number(sc) != 0)
				return -1;
		} else if (c == 't') {
			if (scan_literal(sc, "true") != 0)
				return -1;
		} else if (c == 'f') {
			if (scan_literal(sc, "false") != 0)
				return -1;
		} else if (c == 'n') {
			if (scan_literal(sc, "null") != 0)
				return -1;
		} else {
			return scan_fail(sc);
		}

		/* After a value: a comma, the end of containers, or the end. */
		for (;;) {
			if (depth == 0)
				return 0;
			skip_ws(sc);
			if (sc->pos >= sc->len)
				return scan_fail(sc);
			c = sc->s[sc->pos];
			if (c == (stack[depth - 1] == '{' ? '}' : ']')) {
				depth--;
				sc->pos++;
				continue;
			}
			if (c != ',')
				return scan_fail(sc);
			sc->pos++;
			skip_ws(sc);
			if (stack[depth - 1] == '{' && scan_key(sc) != 0)
				return -1;
			break;
		}
	}
}

/* Checks that s[0..len) is exactly one JSON value with optional whitespace
 * around it, and counts its tokens. */
static int validate(struct scan *sc)
{
	skip_ws(sc);
	if (scan_value(sc) != 0)
		return -1;
	skip_ws(sc);
	if (sc->pos != sc->len)
		return err_set(sc->err, EXIT_RUNTIME,
			       "malformed JSON at offset %zu: data after the value", sc->pos);
	return 0;
}

/* --- parsing ------------------------------------------------------------------ */

int json_parse(struct json_doc *doc, const char *text, size_t len, struct err *err)
{
	struct scan sc = {.s = text, .len = len, .err = err};
	jsmn_parser parser;
	jsmntok_t *toks;
	size_t start;
	int r;

	memset(doc, 0, sizeof(*doc));
	if (len >= INT_MAX)
		return err_set(err, EXIT_RUNTIME, "JSON too large (%zu bytes)", len);
	if (text == NULL)
		return err_set(err, EXIT_RUNTIME, "truncated JSON");
	if (validate(&sc) != 0)
		return -1;

	toks = calloc(sc.tokens, sizeof(*toks));
	if (toks == NULL)
		return err_set(err, EXIT_RUNTIME, "out of memory for %zu JSON tokens", sc.tokens);

	/* jsmn in strict mode wants a delimiter after a primitive, so a bare
	 * top-level number or literal gets its one token here. */
	sc.pos = 0;
	skip_ws(&sc);
	start = sc.pos;
	if (text[start] != '{' && text[start] != '[' && text[start] != '"') {
		size_t end = start;
		while (end < len && text[end] != ' ' && text[end] != '\t' && text[end] != '\n' &&
		       text[end] != '\r')
			end++;
		toks[0].type = JSMN_PRIMITIVE;
		toks[0].start = (int)start;
		toks[0].end = (int)end;
		toks[0].size = 0;
		toks[0].parent = -1;
		r = 1;
	} else {
		jsmn_init(&parser);
		r = jsmn_parse(&parser, text, len, toks, (unsigned int)sc.tokens);
	}
	if (r < 0 || (size_t)r != sc.tokens) {
		/* Unreachable after validate(); kept so a jsmn surprise is an
		 * error, not a wrong answer. */
		free(toks);
		if (r == JSMN_ERROR_PART)
			return err_set(err, EXIT_RUNTIME, "truncated JSON");
		return err_set(err, EXIT_RUNTIME, "malformed JSON (tokenizer disagrees: %d of %zu)",
			       r, sc.tokens);
	}
	doc->text = text;
	doc->len = len;
	doc->tokens = (struct json_token *)toks;
	doc->count = r;
	return 0;
}

int json_parse_object(struct json_doc *doc, const char *text, size_t len, struct err *err)
{
	if (json_parse(doc, text, len, err) != 0)
		return -1;
	if (json_expect_object(doc, 0, "JSON document", err) != 0) {
		json_doc_free(doc);
		return -1;
	}
	return 0;
}

void json_doc_free(struct json_doc *doc)
{
	if (doc == NULL)
		return;
	free(doc->tokens);
	memset(doc, 0, sizeof(*doc));
}

/* --- reading in pieces ------------------------------------------------------- */

/* Checks the whole text first, so `each` only ever sees pieces of a valid
 * document; then walks the root container once more, one member or element
 * at a time. */
static int walk_root(const char *text, size_t len, char open, json_member_fn member,
		     json_element_fn element, void *ctx, struct err *err)
{
	struct scan sc = {.s = text, .len = len, .err = err};
	char close = open == '{' ? '}' : ']';

	if (len >= INT_MAX)
		return err_set(err, EXIT_RUNTIME, "JSON too large (%zu bytes)", len);
	if (text == NULL)
		return err_set(err, EXIT_RUNTIME, "truncated JSON");
	if (validate(&sc) != 0)
		return -1;
	sc.pos = 0;
	sc.tokens = 0;
	skip_ws(&sc);
	if (text[sc.pos] != open)
		return err_set(err, EXIT_RUNTIME, "expected a JSON %s",
			       open == '{' ? "object" : "array");
	sc.pos++;
	for (;;) {
		size_t key = 0, key_len = 0, value;

		skip_ws(&sc);
		if (text[sc.pos] == close)
			return 0;
		if (open == '{') {
			key = sc.pos + 1;
			if (scan_string(&sc) != 0)
				return -1;
			key_len = sc.pos - 1 - key;
			skip_ws(&sc);
			sc.pos++; /* the colon */
			skip_ws(&sc);
		}
		value = sc.pos;
		if (scan_value(&sc) != 0)
			return -1;
		if (open == '{' ? member(ctx, text + key, key_len, text + value, sc.pos - value)
				: element(ctx, text + value, sc.pos - value))
			return -1;
		skip_ws(&sc);
		if (text[sc.pos] == ',')
			sc.pos++;
	}
}

int json_each_member(const char *text, size_t len, json_member_fn each, void *ctx, struct err *err)
{
	return walk_root(text, len, '{', each, NULL, ctx, err);
}

int json_each_element(const char *text, size_t len, json_element_fn each, void *ctx,
		      struct err *err)
{
	return walk_root(text, len, '[', NULL, each, ctx, err);
}

/* --- navigation ----------------------------------------------------------------- */

static const jsmntok_t *tok(const struct json_doc *doc, int index)
{
	if (doc == NULL || doc->tokens == NULL || index < 0 || index >= doc->count)
		return NULL;
	return &doc->tokens[index].tok;
}

enum json_type json_type(const struct json_doc *doc, int index)
{
	const jsmntok_t *t = tok(doc, index);

	if (t == NULL)
		return JSON_MISSING;
	switch (t->type) {
	case JSMN_OBJECT:
		return JSON_OBJECT;
	case JSMN_ARRAY:
		return JSON_ARRAY;
	case JSMN_STRING:
		return JSON_STRING;
	case JSMN_PRIMITIVE:
		switch (doc->text[t->start]) {
		case 't':
		case 'f':
			return JSON_BOOL;
		case 'n':
			return JSON_NULL;
		default:
			return JSON_NUMBER;
		}
	default:
		return JSON_MISSING;
	}
}

const char *json_type_name(enum json_type type)
{
	switch (type) {
	case JSON_OBJECT:
		return "object";
	case JSON_ARRAY:
		return "array";
	case JSON_STRING:
		return "string";
	case JSON_NUMBER:
		return "number";
	case JSON_BOOL:
		return "boolean";
	case JSON_NULL:
		return "null";
	default:
		return "nothing";
	}
}

int json_skip(const struct json_doc *doc, int index)
{
	/* Each token owes `size` children (an object's keys each owe their
	 * value), so walking forward until nothing is owed passes exactly one
	 * value with everything nested in it. */
	long pending = 1;
	int i = index;

	if (tok(doc, index) == NULL)
		return -1;
	while (pending > 0) {
		const jsmntok_t *t = tok(doc, i);
		if (t == NULL)
			return -1;
		pending += t->size - 1;
		i++;
	}
	return i;
}

int json_length(const struct json_doc *doc, int index)
{
	const jsmntok_t *t = tok(doc, index);

	if (t == NULL || (t->type != JSMN_OBJECT && t->type != JSMN_ARRAY))
		return -1;
	return t->size;
}

int json_iter_init(struct json_iter *it, const struct json_doc *doc, int container)
{
	int n = json_length(doc, container);

	it->doc = doc;
	it->next = -1;
	it->remaining = 0;
	if (n <= 0)
		return -1;
	it->remaining = n - 1;
	it->next = container + 1;
	return container + 1;
}

int json_iter_next(struct json_iter *it)
{
	const jsmntok_t *t = tok(it->doc, it->next);
	int next;

	if (it->remaining <= 0 || t == NULL) {
		it->remaining = 0;
		it->next = -1;
		return -1;
	}
	/* From an object key this passes the key and its value. */
	next = json_skip(it->doc, it->next);
	it->next = next;
	it->remaining--;
	if (next < 0)
		it->remaining = 0;
	return next;
}

const char *json_raw(const struct json_doc *doc, int index, size_t *len)
{
	const jsmntok_t *t = tok(doc, index);

	if (t == NULL) {
		*len = 0;
		return NULL;
	}
	*len = (size_t)(t->end - t->start);
	return doc->text + t->start;
}

/* --- string decoding ---------------------------------------------------------------- */

static int read_hex4(const char *s, size_t len, size_t pos, uint32_t *out)
{
	uint32_t v = 0;
	size_t i;

	if (pos + 4 > len)
		return -1;
	for (i = 0; i < 4; i++) {
		int h = uri_hex_digit(s[pos + i]);
		if (h < 0)
			return -1;
		v = (v << 4) | (uint32_t)h;
	}
	*out = v;
	return 0;
}

/* Decodes the escaped string s[0..len) into out[0..cap) with a NUL; *n is
 * the decoded length. Returns 0, -1 for bad input (message in *why) or -2
 * when out is too small (then out[0..*n) holds what fitted, whole code
 * points only, without a NUL). */
static int unescape(const char *s, size_t len, char *out, size_t cap, size_t *n, const char **why)
{
	size_t i = 0, o = 0;

	*why = NULL;
	*n = 0;
	if (cap == 0)
		return -2;
	while (i < len) {
		char enc[4];
		size_t k;
		uint32_t cp, lo;

		if (s[i] != '\\') {
			if (o + 1 >= cap) {
				*n = o;
				return -2;
			}
			out[o++] = s[i++];
			continue;
		}
		if (i + 1 >= len) {
			*why = "invalid escape";
			return -1;
		}
		switch (s[i + 1]) {
		case '"':
			cp = '"';
			break;
		case '\\':
			cp = '\\';
			break;
		case '/':
			cp = '/';
			break;
		case 'b':
			cp = '\b';
			break;
		case 'f':
			cp = '\f';
			break;
		case 'n':
			cp = '\n';
			break;
		case 'r':
			cp = '\r';
			break;
		case 't':
			cp = '\t';
			break;
		case 'u':
			if (read_hex4(s, len, i + 2, &cp) != 0) {
				*why = "invalid \\u escape";
				return -1;
			}
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				*why = "lone low surrogate";
				return -1;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (i + 12 > len || s[i + 6] != '\\' || s[i + 7] != 'u' ||
				    read_hex4(s, len, i + 8, &lo) != 0 || lo < 0xdc00 ||
				    lo > 0xdfff) {
					*why = "lone high surrogate";
					return -1;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				i += 6;
			}
			if (cp == 0) {
				*why = "contains \\u0000";
				return -1;
			}
			i += 4;
			break;
		default:
			*why = "invalid escape";
			return -1;
		}
		i += 2;
		k = utf8_encode(cp, enc);
		if (o + k >= cap) {
			*n = o;
			return -2;
		}
		memcpy(out + o, enc, k);
		o += k;
	}
	out[o] = '\0';
	*n = o;
	return 0;
}

static int wrong_type(const struct json_doc *doc, int index, const char *want, struct err *err)
{
	return err_set(err, EXIT_RUNTIME, "expected %s, found %s", want,
		       json_type_name(json_type(doc, index)));
}

int json_string(const struct json_doc *doc, int index, char *out, size_t cap, size_t *out_len,
		struct err *err)
{
	const jsmntok_t *t = tok(doc, index);
	const char *why;
	size_t n = 0;
	int r;

	if (cap > 0)
		out[0] = '\0';
	if (t == NULL || t->type != JSMN_STRING)
		return wrong_type(doc, index, "a string", err);
	r = unescape(doc->text + t->start, (size_t)(t->end - t->start), out, cap, &n, &why);
	if (r == -2) {
		if (cap > 0)
			out[0] = '\0';
		return err_set(err, EXIT_RUNTIME, "string too long (more than %zu bytes)",
			       cap > 0 ? cap - 1 : 0);
	}
	if (r != 0) {
		if (cap > 0)
			out[0] = '\0';
		return err_set(err, EXIT_RUNTIME, "bad string: %s", why);
	}
	if (out_len != NULL)
		*out_len = n;
	return 0;
}

/* --- other scalars --------------------------------------------------------------------- */

int json_double(const struct json_doc *doc, int index, double *out, struct err *err)
{
	const jsmntok_t *t = tok(doc, index);
	char tmp[128];
	size_t n;
	char *end;
	double v;

	if (json_type(doc, index) != JSON_NUMBER)
		return wrong_type(doc, index, "a number", err);
	n = (size_t)(t->end - t->start);
	if (n >= sizeof(tmp))
		return err_set(err, EXIT_RUNTIME, "number too long (%zu characters)", n);
	memcpy(tmp, doc->text + t->start, n);
	tmp[n] = '\0';
	/* The grammar was checked, so strtod sees only JSON's number syntax
	 * (which has no locale-dependent parts besides '.', and the tool
	 * never calls setlocale). Underflow to 0 is accepted. */
	errno = 0;
	v = strtod(tmp, &end);
	if (end != tmp + n)
		return err_set(err, EXIT_RUNTIME, "bad number \"%s\"", tmp);
	if (isinf(v) || isnan(v))
		return err_set(err, EXIT_RUNTIME, "number out of range: %s", tmp);
	*out = v;
	return 0;
}

int json_int64(const struct json_doc *doc, int index, int64_t *out, struct err *err)
{
	const jsmntok_t *t = tok(doc, index);
	const char *s;
	size_t n, i = 0;
	bool negative = false;
	uint64_t v = 0, limit;

	if (json_type(doc, index) != JSON_NUMBER)
		return wrong_type(doc, index, "an integer", err);
	s = doc->text + t->start;
	n = (size_t)(t->end - t->start);
	if (n > 0 && s[0] == '-') {
		negative = true;
		i = 1;
	}
	limit = negative ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (i >= n)
		return err_set(err, EXIT_RUNTIME, "bad integer");
	for (; i < n; i++) {
		unsigned d;
		if (!is_digit(s[i]))
			return err_set(err, EXIT_RUNTIME, "expected an integer, found %.*s",
				       n > 64 ? 64 : (int)n, s);
		d = (unsigned)(s[i] - '0');
		if (v > (limit - d) / 10)
			return err_set(err, EXIT_RUNTIME, "integer out of range: %.*s",
				       n > 64 ? 64 : (int)n, s);
		v = v * 10 + d;
	}
	if (negative)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	return 0;
}

int json_bool(const struct json_doc *doc, int index, bool *out, struct err *err)
{
	if (json_type(doc, index) != JSON_BOOL)
		return wrong_type(doc, index, "a boolean", err);
	*out = doc->text[tok(doc, index)->start] == 't';
	return 0;
}

bool json_is_null(const struct json_doc *doc, int index)
{
	return json_type(doc, index) == JSON_NULL;
}

bool json_is_absent(const struct json_doc *doc, int index)
{
	const jsmntok_t *t = tok(doc, index);

	switch (json_type(doc, index)) {
	case JSON_MISSING:
	case JSON_NULL:
		return true;
	case JSON_STRING:
		return t->end == t->start;
	default:
		return false;
	}
}

/* --- lookups ----------------------------------------------------------------------------- */

/* Whether the key token t equals key[0..n). */
static bool key_equals(const struct json_doc *doc, const jsmntok_t *t, const char *key, size_t n)
{
	const char *raw = doc->text + t->start;
	size_t raw_len = (size_t)(t->end - t->start);
	char decoded[512];
	size_t decoded_len;
	const char *why;

	if (memchr(raw, '\\', raw_len) == NULL)
		return raw_len == n && memcmp(raw, key, n) == 0;
	if (unescape(raw, raw_len, decoded, sizeof(decoded), &decoded_len, &why) != 0)
		return false;
	return decoded_len == n && memcmp(decoded, key, n) == 0;
}

static int object_get_n(const struct json_doc *doc, int obj, const char *key, size_t n)
{
	const jsmntok_t *t = tok(doc, obj);
	int i, k, found = -1;

	if (t == NULL || t->type != JSMN_OBJECT)
		return -1;
	i = obj + 1;
	for (k = 0; k < t->size; k++) {
		const jsmntok_t *key_tok = tok(doc, i);
		if (key_tok == NULL || key_tok->type != JSMN_STRING || key_tok->size != 1)
			return -1;
		if (key_equals(doc, key_tok, key, n))
			found = i + 1;
		i = json_skip(doc, i + 1);
		if (i < 0)
			return -1;
	}
	return found;
}

int json_object_get(const struct json_doc *doc, int obj, const char *key)
{
	return object_get_n(doc, obj, key, strlen(key));
}

static int array_get(const struct json_doc *doc, int arr, const char *digits, size_t n)
{
	long want = 0;
	size_t d;
	int i, k;

	if (n == 0 || n > 9)
		return -1;
	for (d = 0; d < n; d++) {
		if (!is_digit(digits[d]))
			return -1;
		want = want * 10 + (digits[d] - '0');
	}
	if (want >= json_length(doc, arr))
		return -1;
	i = arr + 1;
	for (k = 0; k < want && i >= 0; k++)
		i = json_skip(doc, i);
	return i;
}

int json_path(const struct json_doc *doc, int index, const char *path)
{
	const char *seg = path;

	while (index >= 0) {
		const char *dot = strchr(seg, '.');
		size_t n = dot != NULL ? (size_t)(dot - seg) : strlen(seg);

		if (json_type(doc, index) == JSON_ARRAY)
			index = array_get(doc, index, seg, n);
		else
			index = object_get_n(doc, index, seg, n);
		if (dot == NULL)
			break;
		seg = dot + 1;
	}
	return index;
}

int json_expect_object(const struct json_doc *doc, int index, const char *what, struct err *err)
{
	if (json_type(doc, index) == JSON_OBJECT)
		return 0;
	return err_set(err, EXIT_RUNTIME, "%s%sexpected an object, found %s", what ? what : "",
		       what ? ": " : "", json_type_name(json_type(doc, index)));
}

/* The value at path; -1 and "<path>: missing" when it is missing or null. */
static int required(const struct json_doc *doc, int index, const char *path, struct err *err)
{
	int v = json_path(doc, index, path);

	if (json_type(doc, v) == JSON_MISSING || json_type(doc, v) == JSON_NULL) {
		err_set(err, EXIT_RUNTIME, "%s: missing", path);
		return -1;
	}
	return v;
}

int json_get_string(const struct json_doc *doc, int index, const char *path, char *out, size_t cap,
		    struct err *err)
{
	int v = required(doc, index, path, err);

	if (cap > 0)
		out[0] = '\0';
	if (v < 0)
		return -1;
	if (json_string(doc, v, out, cap, NULL, err) != 0)
		return err_prefix(err, "%s: ", path);
	return 0;
}

void json_get_display(const struct json_doc *doc, int index, const char *path, char *out,
		      size_t cap)
{
	static const char ellipsis[] = "\xe2\x80\xa6"; /* … */
	const jsmntok_t *t = tok(doc, path != NULL ? json_path(doc, index, path) : index);
	const char *why;
	size_t n = 0;

	if (cap == 0)
		return;
	out[0] = '\0';
	if (t == NULL || t->type != JSMN_STRING)
		return;
	switch (unescape(doc->text + t->start, (size_t)(t->end - t->start), out, cap, &n, &why)) {
	case 0:
		return;
	case -2:
		if (cap < sizeof(ellipsis)) {
			out[0] = '\0';
			return;
		}
		if (n > cap - sizeof(ellipsis)) {
			n = cap - sizeof(ellipsis);
			/* out[0..n) held whole code points; cut on one's first
			 * byte, never inside it. */
			while (n > 0 && ((unsigned char)out[n] & 0xc0) == 0x80)
				n--;
		}
		memcpy(out + n, ellipsis, sizeof(ellipsis));
		return;
	default:
		out[0] = '\0';
	}
}

int json_get_string_opt(const struct json_doc *doc, int index, const char *path, char *out,
			size_t cap, struct err *err)
{
	int v = json_path(doc, index, path);

	if (cap > 0)
		out[0] = '\0';
	if (json_is_absent(doc, v))
		return 1;
	if (json_string(doc, v, out, cap, NULL, err) != 0)
		return err_prefix(err, "%s: ", path);
	return 0;
}

int json_get_int64(const struct json_doc *doc, int index, const char *path, int64_t *out,
		   struct err *err)
{
	int v = required(doc, index, path, err);

	if (v < 0)
		return -1;
	if (json_int64(doc, v, out, err) != 0)
		return err_prefix(err, "%s: ", path);
	return 0;
}

int json_get_double(const struct json_doc *doc, int index, const char *path, double *out,
		    struct err *err)
{
	int v = required(doc, index, path, err);

	if (v < 0)
		return -1;
	if (json_double(doc, v, out, err) != 0)
		return err_prefix(err, "%s: ", path);
	return 0;
}

int json_get_bool(const struct json_doc *doc, int index, const char *path, bool *out,
		  struct err *err)
{
	int v = required(doc, index, path, err);

	if (v < 0)
		return -1;
	if (json_bool(doc, v, out, err) != 0)
		return err_prefix(err, "%s: ", path);
	return 0;
}

/* --- writer -------------------------------------------------------------------------------- */

void json_writer_init(struct json_writer *w, struct buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void fail(struct json_writer *w, const char *why)
{
	if (w->error == NULL)
		w->error = why;
}

static void put(struct json_writer *w, const char *s, size_t n)
{
	if (w->error == NULL && buf_append(w->out, s, n) != 0)
		fail(w, "output too large");
}

/* Emits the separator a new value needs and checks that a value may go
 * here. Returns false (after recording an error) when it may not. */
static bool before_value(struct json_writer *w)
{
	if (w->error != NULL)
		return false;
	if (w->depth == 0) {
		if (w->done) {
			fail(w, "a second top-level value");
			return false;
		}
		return true;
	}
	if (w->stack[w->depth - 1] == '{') {
		if (!w->have_key) {
			fail(w, "a value in an object without a key");
			return false;
		}
		w->have_key = false;
		return true;
	}
	if (w->need_comma)
		put(w, ",", 1);
	return w->error == NULL;
}

/* Bookkeeping after a complete value. */
static void after_value(struct json_writer *w)
{
	if (w->depth == 0)
		w->done = true;
	else
		w->need_comma = true;
}

static void begin(struct json_writer *w, char open)
{
	if (!before_value(w))
		return;
	if (w->depth >= JSON_MAX_DEPTH) {
		fail(w, "nested too deeply");
		return;
	}
	put(w, &open, 1);
	w->stack[w->depth++] = (unsigned char)open;
	w->need_comma = false;
	w->have_key = false;
}

static void end(struct json_writer *w, char open, char close)
{
	if (w->error != NULL)
		return;
	if (w->depth == 0 || w->stack[w->depth - 1] != (unsigned char)open) {
		fail(w, close == '}' ? "unbalanced end of object" : "unbalanced end of array");
		return;
	}
	if (w->have_key) {
		fail(w, "a key without a value");
		return;
	}
	put(w, &close, 1);
	w->depth--;
	after_value(w);
}

void json_write_begin_object(struct json_writer *w)
{
	begin(w, '{');
}

void json_write_end_object(struct json_writer *w)
{
	end(w, '{', '}');
}

void json_write_begin_array(struct json_writer *w)
{
	begin(w, '[');
}

void json_write_end_array(struct json_writer *w)
{
	end(w, '[', ']');
}

static void put_escaped(struct json_writer *w, const char *s, size_t len)
{
	size_t i = 0, run = 0;

	put(w, "\"", 1);
	while (i < len && w->error == NULL) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char hex[8];
		size_t n;
		uint32_t cp = 0;

		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		default:
			break;
		}
		if (esc == NULL && c < 0x20) {
			int r = snprintf(hex, sizeof(hex), "\\u%04x", c);
			if (r < 0 || (size_t)r >= sizeof(hex)) {
				fail(w, "internal formatting error");
				return;
			}
			esc = hex;
		}
		if (esc != NULL) {
			put(w, s + i - run, run);
			run = 0;
			put(w, esc, strlen(esc));
			i++;
			continue;
		}
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0) {
			put(w, s + i - run, run);
			run = 0;
			put(w, "\\ufffd", 6);
			i++;
			continue;
		}
		/* The same value, spelt so that `jq -r` or a log viewer cannot
		 * meet a raw DEL, C1 control or line separator, and so that a
		 * JSON line in a GitHub Actions log holds no legacy workflow
		 * command ("##[" is honoured anywhere in a line). */
		if (cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
		    (c == '#' && i >= 1 && s[i - 1] == '#' && i + 1 < len && s[i + 1] == '[')) {
			int r = snprintf(hex, sizeof(hex), "\\u%04x", (unsigned)cp);

			if (r < 0 || (size_t)r >= sizeof(hex)) {
				fail(w, "internal formatting error");
				return;
			}
			put(w, s + i - run, run);
			run = 0;
			put(w, hex, (size_t)r);
			i += n;
			continue;
		}
		run += n;
		i += n;
	}
	put(w, s + i - run, run);
	put(w, "\"", 1);
}

void json_write_key(struct json_writer *w, const char *key)
{
	if (w->error != NULL)
		return;
	if (w->depth == 0 || w->stack[w->depth - 1] != '{') {
		fail(w, "a key outside an object");
		return;
	}
	if (w->have_key) {
		fail(w, "two keys in a row");
		return;
	}
	if (w->need_comma)
		put(w, ",", 1);
	put_escaped(w, key, strlen(key));
	put(w, ":", 1);
	w->have_key = true;
}

void json_write_string_len(struct json_writer *w, const char *str, size_t len)
{
	if (!before_value(w))
		return;
	put_escaped(w, str, len);
	after_value(w);
}

void json_write_string(struct json_writer *w, const char *str)
{
	if (str == NULL) {
		json_write_null(w);
		return;
	}
	json_write_string_len(w, str, strlen(str));
}

void json_write_int64(struct json_writer *w, int64_t value)
{
	char tmp[32];
	int n;

	if (!before_value(w))
		return;
	n = snprintf(tmp, sizeof(tmp), "%" PRId64, value);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		fail(w, "internal formatting error");
		return;
	}
	put(w, tmp, (size_t)n);
	after_value(w);
}

void json_write_bool(struct json_writer *w, bool value)
{
	if (!before_value(w))
		return;
	if (value)
		put(w, "true", 4);
	else
		put(w, "false", 5);
	after_value(w);
}

void json_write_null(struct json_writer *w)
{
	if (!before_value(w))
		return;
	put(w, "null", 4);
	after_value(w);
}

void json_write_raw(struct json_writer *w, const char *json, size_t len)
{
	if (!before_value(w))
		return;
	if (len == 0) {
		fail(w, "an empty raw value");
		return;
	}
	put(w, json, len);
	after_value(w);
}

void json_write_key_string(struct json_writer *w, const char *key, const char *value)
{
	json_write_key(w, key);
	json_write_string(w, value);
}

void json_write_key_int64(struct json_writer *w, const char *key, int64_t value)
{
	json_write_key(w, key);
	json_write_int64(w, value);
}

void json_write_key_bool(struct json_writer *w, const char *key, bool value)
{
	json_write_key(w, key);
	json_write_bool(w, value);
}

int json_writer_finish(struct json_writer *w, struct err *err)
{
	if (w->error == NULL && (w->depth != 0 || !w->done))
		fail(w, w->depth != 0 ? "unclosed object or array" : "nothing written");
	if (w->error != NULL)
		return err_set(err, EXIT_RUNTIME, "writing JSON: %s", w->error);
	return 0;
}
