/* json — reading AWS JSON responses and writing JSON documents.
 *
 * The only user of jsmn. Reading: json_parse() checks the whole text
 * against the strict RFC 8259 grammar (jsmn alone accepts `[1 2]`,
 * `{"a" "b"}` and trailing garbage), then lets jsmn index it. A parsed
 * struct json_doc holds an array of tokens that are offsets into the
 * caller's text: the text must outlive the doc, and nothing is copied out
 * of it until a getter decodes a value into a caller-owned buffer. The
 * token array is the one allocation; json_doc_free releases it.
 *
 * Values are named by token index: 0 is the root; -1 means "no such value"
 * (a missing key, an index past the end) and every function accepts it, so
 * lookups chain: json_object_get(doc, json_object_get(doc, 0, "a"), "b").
 *
 * Writing: a struct json_writer appends to a caller-owned struct buf and
 * tracks nesting and commas. Errors (the buf's cap reached, a key outside
 * an object, unbalanced ends) are sticky: calls after the first error do
 * nothing, and json_writer_finish reports the first one.
 */
#ifndef EKS_JSON_H
#define EKS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/err.h"

#define JSON_MAX_TOKENS 1000000 /* values and keys in one document */
#define JSON_MAX_DEPTH 256	/* nested objects/arrays, reader and writer */

enum json_type {
	JSON_MISSING = 0, /* index -1 or out of range */
	JSON_OBJECT,
	JSON_ARRAY,
	JSON_STRING,
	JSON_NUMBER,
	JSON_BOOL,
	JSON_NULL,
};

struct json_token; /* jsmn's token, private to json.c */

struct json_doc {
	const char *text; /* the caller's text; not owned */
	size_t len;
	struct json_token *tokens; /* owned */
	int count;
};

/* --- reading -------------------------------------------------------------- */

/* Parses text[0..len) (no NUL needed) into doc, which must be zeroed or
 * freed. Errors: "malformed JSON at offset N", "truncated JSON", "JSON
 * nested too deeply", "JSON too large". */
int json_parse(struct json_doc *doc, const char *text, size_t len, struct err *err) MUST_CHECK;

/* json_parse, then also fails unless the root is an object. */
int json_parse_object(struct json_doc *doc, const char *text, size_t len,
		      struct err *err) MUST_CHECK;

/* Safe on a zeroed doc and twice. */
void json_doc_free(struct json_doc *doc);

enum json_type json_type(const struct json_doc *doc, int index);
const char *json_type_name(enum json_type type);

/* The index just after the value at index (its nested values included), or
 * -1 when index is not a value. The next sibling in an array starts there;
 * from an object key it passes the key and its value. */
int json_skip(const struct json_doc *doc, int index);

/* The value of key in the object at obj, or -1 (missing key, obj not an
 * object). Keys are compared after unescaping; for a duplicated key the
 * last one wins, as in Python's json module. */
int json_object_get(const struct json_doc *doc, int obj, const char *key);

/* Follows a dotted path of object keys from index: "cluster.status". A
 * segment of digits selects an array element ("updates.0.id"). -1 when any
 * step is missing. Keys that contain '.' need json_object_get. */
int json_path(const struct json_doc *doc, int index, const char *path);

/* Number of elements of an array (pairs of an object), or -1. */
int json_length(const struct json_doc *doc, int index);

/* Walks an array's elements or an object's keys (the value of a key k is
 * k + 1):
 *
 *   struct json_iter it;
 *   for (int i = json_iter_init(&it, doc, arr); i >= 0; i = json_iter_next(&it))
 *
 * json_iter_init returns -1 for an empty or missing container, or one of
 * the wrong kind (use json_type to tell those apart). */
struct json_iter {
	const struct json_doc *doc;
	int next;      /* index of the next element (key), or -1 */
	int remaining; /* elements (keys) not yet returned */
};
int json_iter_init(struct json_iter *it, const struct json_doc *doc, int container);
int json_iter_next(struct json_iter *it);

/* Raw view of a token's text (strings without quotes, still escaped). */
const char *json_raw(const struct json_doc *doc, int index, size_t *len);

/* Typed getters. Each fails with a message naming what it expected and
 * what it found; callers add the field name with err_prefix (the path
 * helpers below do it for you). */

/* Unescapes a string (\uXXXX and surrogate pairs to UTF-8) into out
 * (NUL-terminated) and its length into *out_len when not NULL. Fails when
 * it is not a string, needs more than cap - 1 bytes, has an invalid escape
 * or a lone surrogate, or contains U+0000 (the result is a C string). */
int json_string(const struct json_doc *doc, int index, char *out, size_t cap, size_t *out_len,
		struct err *err) MUST_CHECK;

/* A number as a double; fails for a non-number or one too large (±inf). */
int json_double(const struct json_doc *doc, int index, double *out, struct err *err) MUST_CHECK;

/* An integer written without fraction or exponent, within int64. */
int json_int64(const struct json_doc *doc, int index, int64_t *out, struct err *err) MUST_CHECK;

int json_bool(const struct json_doc *doc, int index, bool *out, struct err *err) MUST_CHECK;

bool json_is_null(const struct json_doc *doc, int index);

/* True when the value is missing, null, or the empty string: how AWS marks
 * an absent optional string ("nextToken": null). */
bool json_is_absent(const struct json_doc *doc, int index);

/* Path helpers: json_path(doc, index, path) and then the getter; errors say
 * which path failed ("cluster.version: expected a string, found number").
 *
 * json_get_string: the value must be present and a string ("" allowed);
 *   missing or null → error "<path>: missing".
 * json_get_string_opt: returns 1 and out = "" when the value is missing,
 *   null or "", 0 when it is a non-empty string, -1 on error. */
int json_get_string(const struct json_doc *doc, int index, const char *path, char *out, size_t cap,
		    struct err *err) MUST_CHECK;
int json_get_string_opt(const struct json_doc *doc, int index, const char *path, char *out,
			size_t cap, struct err *err) MUST_CHECK;
/* A string only shown to people, never decided on (SPEC §4 tolerant
 * reading): never an error. Missing, null, not a string or badly escaped:
 * "". Longer than cap - 1: cut on a UTF-8 boundary and ended with "…".
 * path NULL: the value at index itself. */
void json_get_display(const struct json_doc *doc, int index, const char *path, char *out,
		      size_t cap);
int json_get_int64(const struct json_doc *doc, int index, const char *path, int64_t *out,
		   struct err *err) MUST_CHECK;
int json_get_double(const struct json_doc *doc, int index, const char *path, double *out,
		    struct err *err) MUST_CHECK;
int json_get_bool(const struct json_doc *doc, int index, const char *path, bool *out,
		  struct err *err) MUST_CHECK;

/* Fails with "<what>: expected an object, found T" unless index is an
 * object; what may be NULL. */
int json_expect_object(const struct json_doc *doc, int index, const char *what,
		       struct err *err) MUST_CHECK;

/* --- reading in pieces --------------------------------------------------- */

/* A list page of hundreds of objects (a Kubernetes NodeList) costs more
 * memory as tokens than as text. These walk such a text without indexing
 * it: the whole text is checked against the strict grammar first (nothing
 * is called for a malformed one), then `each` gets every member of the
 * root object (or element of the root array) as a span of the caller's
 * text, which it may parse alone with json_parse; so tokens exist for one
 * piece at a time. A key is its raw text between the quotes (escapes not
 * decoded). `each` returns 0 to go on, or -1 (with the error recorded in
 * its context) to stop: the walk then returns -1. The walk's own errors:
 * those of json_parse, and "expected a JSON object" (array). */
typedef int (*json_member_fn)(void *ctx, const char *key, size_t key_len, const char *value,
			      size_t value_len);
typedef int (*json_element_fn)(void *ctx, const char *value, size_t value_len);

int json_each_member(const char *text, size_t len, json_member_fn each, void *ctx,
		     struct err *err) MUST_CHECK;
int json_each_element(const char *text, size_t len, json_element_fn each, void *ctx,
		      struct err *err) MUST_CHECK;

/* --- writing -------------------------------------------------------------- */

struct json_writer {
	struct buf *out; /* not owned */
	int depth;
	unsigned char stack[JSON_MAX_DEPTH]; /* '{' or '[' per open level */
	bool need_comma;		     /* a value was written at this level */
	bool have_key;			     /* inside an object, after a key */
	bool done;			     /* a complete top-level value was written */
	const char *error;		     /* the first error, sticky */
};

/* Appends to out (which keeps its contents and its max). */
void json_writer_init(struct json_writer *w, struct buf *out);

void json_write_begin_object(struct json_writer *w);
void json_write_end_object(struct json_writer *w);
void json_write_begin_array(struct json_writer *w);
void json_write_end_array(struct json_writer *w);
void json_write_key(struct json_writer *w, const char *key);

/* Escapes ", \ and control characters (as \n, \t, … or \u00XX); valid
 * UTF-8 passes through, each invalid byte becomes U+FFFD. A NULL string
 * (also as the value of json_write_key_string) is written as null. */
void json_write_string(struct json_writer *w, const char *str);
void json_write_string_len(struct json_writer *w, const char *str, size_t len);
void json_write_int64(struct json_writer *w, int64_t value);
void json_write_bool(struct json_writer *w, bool value);
void json_write_null(struct json_writer *w);

/* Inserts an already rendered JSON value as is (not checked). */
void json_write_raw(struct json_writer *w, const char *json, size_t len);

/* Key-and-value shorthands for objects. */
void json_write_key_string(struct json_writer *w, const char *key, const char *value);
void json_write_key_int64(struct json_writer *w, const char *key, int64_t value);
void json_write_key_bool(struct json_writer *w, const char *key, bool value);

/* 0 when everything written so far is one complete value; otherwise
 * records "writing JSON: <first error>" and returns -1. */
int json_writer_finish(struct json_writer *w, struct err *err) MUST_CHECK;

#endif
