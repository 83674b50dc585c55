/* fuzz_json — json_parse over any bytes, and the span readers
 * (json_each_member / json_each_element) agreeing with it; for every
 * document it accepts, every getter on every token, and a round trip through the writer:
 * parse → write → parse must give the same values, and writing the second
 * parse must give the same bytes again. */
#include <math.h>

#include "fuzz.h"
#include "util/json.h"

struct walk {
	const struct json_doc *doc;
	char *scratch; /* decoded strings; as large as the text */
	size_t scratch_cap;
	int ok; /* 0 when a value cannot be written back (a string holding \u0000) */
};

/* Writes the value at index and returns the index after it. */
static int write_value(struct walk *wk, struct json_writer *w, int index)
{
	const struct json_doc *doc = wk->doc;
	struct err err = {0};
	enum json_type type = json_type(doc, index);
	size_t n;
	const char *raw;
	bool b;

	switch (type) {
	case JSON_OBJECT:
	case JSON_ARRAY: {
		int count = json_length(doc, index), i = index + 1;

		FUZZ_ASSERT(count >= 0);
		if (type == JSON_OBJECT)
			json_write_begin_object(w);
		else
			json_write_begin_array(w);
		for (int k = 0; k < count && wk->ok; k++) {
			if (type == JSON_OBJECT) {
				if (json_string(doc, i, wk->scratch, wk->scratch_cap, &n, &err) !=
				    0) {
					wk->ok = 0;
					break;
				}
				json_write_key(w, wk->scratch);
				i++;
			}
			i = write_value(wk, w, i);
			FUZZ_ASSERT(i > index);
		}
		if (type == JSON_OBJECT)
			json_write_end_object(w);
		else
			json_write_end_array(w);
		FUZZ_ASSERT(!wk->ok || i == json_skip(doc, index));
		return json_skip(doc, index);
	}
	case JSON_STRING:
		if (json_string(doc, index, wk->scratch, wk->scratch_cap, &n, &err) != 0) {
			wk->ok = 0;
			break;
		}
		FUZZ_ASSERT(strlen(wk->scratch) == n);
		json_write_string_len(w, wk->scratch, n);
		break;
	case JSON_NUMBER:
		raw = json_raw(doc, index, &n);
		json_write_raw(w, raw, n);
		break;
	case JSON_BOOL:
		FUZZ_ASSERT(json_bool(doc, index, &b, &err) == 0);
		json_write_bool(w, b);
		break;
	case JSON_NULL:
		json_write_null(w);
		break;
	default:
		FUZZ_ASSERT(!"a token of no type");
	}
	return index + 1;
}

/* Every getter on every token: they must answer, not crash. */
static void poke(const struct json_doc *doc, char *scratch, size_t cap)
{
	static const char *const paths[] = {
	    "cluster.status", "updates.0.id", "0", "a.b.c", "nextToken", "", ".", "1.0"};
	struct err err = {0};

	for (int i = -1; i <= doc->count; i++) {
		struct json_iter it;
		double d;
		int64_t v;
		bool b;
		size_t n;
		int length = json_length(doc, i), seen = 0;

		(void)json_type_name(json_type(doc, i));
		(void)json_raw(doc, i, &n);
		(void)json_double(doc, i, &d, &err);
		(void)json_int64(doc, i, &v, &err);
		(void)json_bool(doc, i, &b, &err);
		(void)json_is_absent(doc, i);
		if (json_string(doc, i, scratch, cap, &n, &err) == 0)
			FUZZ_ASSERT(strlen(scratch) == n);
		/* A small buffer: too long must fail cleanly, never overflow. */
		if (json_string(doc, i, scratch, 4, &n, &err) == 0)
			FUZZ_ASSERT(n < 4);
		if (i >= 0 && i < doc->count)
			FUZZ_ASSERT(json_skip(doc, i) > i && json_skip(doc, i) <= doc->count);
		for (int k = json_iter_init(&it, doc, i); k >= 0; k = json_iter_next(&it))
			seen++;
		FUZZ_ASSERT(seen == (length > 0 ? length : 0));
		for (size_t p = 0; p < sizeof(paths) / sizeof(paths[0]); p++) {
			int at = json_path(doc, i, paths[p]);
			FUZZ_ASSERT(at >= -1 && at < doc->count);
			(void)json_get_string_opt(doc, i, paths[p], scratch, cap, &err);
		}
		err_clear(&err);
	}
}

static int rewrite(const struct json_doc *doc, char *scratch, size_t cap, struct buf *out)
{
	struct walk wk = {doc, scratch, cap, 1};
	struct json_writer w;
	struct err err = {0};

	json_writer_init(&w, out);
	(void)write_value(&wk, &w, 0);
	if (!wk.ok)
		return -1;
	FUZZ_ASSERT(json_writer_finish(&w, &err) == 0);
	return 0;
}

/* The span readers: a piece parses alone, and there is one per member or
 * element of the root that json_parse indexed. */
struct pieces {
	const char *text;
	size_t size;
	int count;
};

static int one_piece(struct pieces *p, const char *value, size_t len)
{
	struct json_doc doc = {0};
	struct err err = {0};

	FUZZ_ASSERT(value >= p->text && value + len <= p->text + p->size && len > 0);
	FUZZ_ASSERT(json_parse(&doc, value, len, &err) == 0);
	json_doc_free(&doc);
	p->count++;
	return 0;
}

static int on_member(void *ctx, const char *key, size_t key_len, const char *value, size_t len)
{
	struct pieces *p = ctx;

	FUZZ_ASSERT(key > p->text && key + key_len < p->text + p->size && key[key_len] == '"');
	return one_piece(p, value, len);
}

static int on_element(void *ctx, const char *value, size_t len)
{
	return one_piece(ctx, value, len);
}

static void pieces(const struct json_doc *doc, bool parsed, const char *text, size_t size)
{
	struct pieces p = {text, size, 0};
	struct err err = {0};
	bool object = parsed && json_type(doc, 0) == JSON_OBJECT;
	bool array = parsed && json_type(doc, 0) == JSON_ARRAY;

	FUZZ_ASSERT((json_each_member(text, size, on_member, &p, &err) == 0) == object);
	FUZZ_ASSERT(!object || p.count == json_length(doc, 0));
	FUZZ_ASSERT(object || p.count == 0);
	p.count = 0;
	FUZZ_ASSERT((json_each_element(text, size, on_element, &p, &err) == 0) == array);
	FUZZ_ASSERT(!array || p.count == json_length(doc, 0));
	FUZZ_ASSERT(array || p.count == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_copy(data, size);
	char *scratch = malloc(size + 1), *scratch2 = malloc(size + 1);
	struct json_doc doc = {0}, again = {0};
	struct buf first, second;
	struct err err = {0};

	buf_init(&first, 8 * size + 64);
	buf_init(&second, 8 * size + 64);
	if (json_parse(&doc, text, size, &err) != 0) {
		FUZZ_ASSERT(err.message[0] != '\0' && doc.tokens == NULL);
		pieces(&doc, false, text, size);
		goto out;
	}
	pieces(&doc, true, text, size);
	FUZZ_ASSERT(doc.count > 0 && json_skip(&doc, 0) == doc.count);
	poke(&doc, scratch, size + 1);
	if (rewrite(&doc, scratch, size + 1, &first) != 0)
		goto out;
	FUZZ_ASSERT(json_parse(&again, first.data, first.len, &err) == 0);
	FUZZ_ASSERT(again.count == doc.count);
	for (int i = 0; i < doc.count; i++) {
		size_t n1, n2;
		const char *r1, *r2;

		FUZZ_ASSERT(json_type(&doc, i) == json_type(&again, i));
		FUZZ_ASSERT(json_length(&doc, i) == json_length(&again, i));
		if (json_type(&doc, i) == JSON_STRING) {
			FUZZ_ASSERT(json_string(&doc, i, scratch, size + 1, &n1, &err) == 0);
			FUZZ_ASSERT(json_string(&again, i, scratch2, size + 1, &n2, &err) == 0);
			FUZZ_ASSERT(n1 == n2 && memcmp(scratch, scratch2, n1) == 0);
		} else if (json_type(&doc, i) != JSON_OBJECT && json_type(&doc, i) != JSON_ARRAY) {
			r1 = json_raw(&doc, i, &n1);
			r2 = json_raw(&again, i, &n2);
			FUZZ_ASSERT(n1 == n2 && memcmp(r1, r2, n1) == 0);
		}
	}
	FUZZ_ASSERT(rewrite(&again, scratch, size + 1, &second) == 0);
	FUZZ_ASSERT(first.len == second.len && memcmp(first.data, second.data, first.len) == 0);
out:
	json_doc_free(&doc);
	json_doc_free(&again);
	json_doc_free(&doc); /* twice is safe */
	buf_free(&first);
	buf_free(&second);
	free(scratch);
	free(scratch2);
	free(text);
	return 0;
}
