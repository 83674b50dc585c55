#include "util/xml.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "util/utf8.h"

struct span {
	const char *p;
	size_t len;
};

/* One scan over the document: where it is, what it looks for, and what it
 * has copied so far. */
struct scan {
	const char *s;
	size_t len;
	size_t pos;
	struct err *err;

	struct span path[XML_MAX_DEPTH];
	int path_len;

	struct span open[XML_MAX_DEPTH]; /* qualified names of open elements */
	int depth;
	int matched;	 /* how many open elements match the path from the root */
	bool collecting; /* inside the first element at path */
	bool found;
	bool root_seen;

	char *out;
	size_t cap;
	size_t out_len;
	const char *path_text;
};

static int malformed(struct scan *sc, const char *why)
{
	if (sc->pos >= sc->len)
		return err_set(sc->err, EXIT_RUNTIME, "truncated XML: %s", why);
	return err_set(sc->err, EXIT_RUNTIME, "malformed XML at offset %zu: %s", sc->pos, why);
}

static bool starts_with(const struct scan *sc, const char *lit)
{
	size_t n = strlen(lit);

	return sc->len - sc->pos >= n && memcmp(sc->s + sc->pos, lit, n) == 0;
}

/* Moves past the next occurrence of lit; -1 when there is none. */
static int skip_past(struct scan *sc, const char *lit, const char *why)
{
	size_t n = strlen(lit);

	while (sc->len - sc->pos >= n) {
		if (memcmp(sc->s + sc->pos, lit, n) == 0) {
			sc->pos += n;
			return 0;
		}
		sc->pos++;
	}
	sc->pos = sc->len;
	return malformed(sc, why);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(struct scan *sc)
{
	while (sc->pos < sc->len && is_space(sc->s[sc->pos]))
		sc->pos++;
}

static bool is_name_start(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
	       c >= 0x80;
}

static bool is_name_char(unsigned char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static int read_name(struct scan *sc, struct span *name)
{
	name->p = sc->s + sc->pos;
	if (sc->pos >= sc->len || !is_name_start((unsigned char)sc->s[sc->pos]))
		return malformed(sc, "expected a name");
	while (sc->pos < sc->len && is_name_char((unsigned char)sc->s[sc->pos]))
		sc->pos++;
	name->len = (size_t)(sc->s + sc->pos - name->p);
	return 0;
}

static struct span local_name(struct span name)
{
	size_t i;

	for (i = name.len; i > 0; i--) {
		if (name.p[i - 1] == ':')
			return (struct span){name.p + i, name.len - i};
	}
	return name;
}

static bool span_eq(struct span a, struct span b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

/* Whether text at the current position belongs in out. */
static bool collecting_here(const struct scan *sc)
{
	return sc->collecting && sc->depth == sc->path_len;
}

static int emit(struct scan *sc, const char *data, size_t n)
{
	if (!collecting_here(sc))
		return 0;
	if (n >= sc->cap - sc->out_len)
		return err_set(sc->err, EXIT_RUNTIME, "%s: value too long (more than %zu bytes)",
			       sc->path_text, sc->cap - 1);
	memcpy(sc->out + sc->out_len, data, n);
	sc->out_len += n;
	sc->out[sc->out_len] = '\0';
	return 0;
}

/* &#N; or &#xN; — the digits between start and end (exclusive). */
static int char_ref(struct scan *sc, size_t start, size_t end, uint32_t *cp)
{
	bool hex = sc->s[start] == 'x';
	uint32_t v = 0;
	size_t i = hex ? start + 1 : start;

	if (i >= end)
		return malformed(sc, "empty character reference");
	for (; i < end; i++) {
		char c = sc->s[i];
		uint32_t d;
		if (c >= '0' && c <= '9')
			d = (uint32_t)(c - '0');
		else if (hex && c >= 'a' && c <= 'f')
			d = (uint32_t)(c - 'a' + 10);
		else if (hex && c >= 'A' && c <= 'F')
			d = (uint32_t)(c - 'A' + 10);
		else
			return malformed(sc, "bad character reference");
		v = v * (hex ? 16 : 10) + d;
		if (v > 0x10ffff)
			return malformed(sc, "character reference out of range");
	}
	/* XML 1.0's Char production. */
	if ((v < 0x20 && v != 0x9 && v != 0xa && v != 0xd) || (v >= 0xd800 && v <= 0xdfff) ||
	    v == 0xfffe || v == 0xffff)
		return malformed(sc, "character reference to a character XML forbids");
	*cp = v;
	return 0;
}

/* An entity at sc->pos ('&'): decodes it and moves past the ';'. */
static int entity(struct scan *sc)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
	size_t start = sc->pos + 1, end = start, i;
	char enc[4];
	uint32_t cp = 0;

	while (end < sc->len && end - start < 12 && sc->s[end] != ';')
		end++;
	if (end >= sc->len || sc->s[end] != ';') {
		if (end >= sc->len)
			sc->pos = sc->len;
		return malformed(sc, "'&' not part of an entity");
	}
	if (sc->s[start] == '#') {
		if (char_ref(sc, start + 1, end, &cp) != 0)
			return -1;
		sc->pos = end + 1;
		return emit(sc, enc, utf8_encode(cp, enc));
	}
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		size_t n = strlen(named[i].name);
		if (end - start == n && memcmp(sc->s + start, named[i].name, n) == 0) {
			sc->pos = end + 1;
			return emit(sc, &named[i].c, 1);
		}
	}
	return malformed(sc, "unknown entity");
}

/* Character data up to the next '<'. */
static int text(struct scan *sc)
{
	while (sc->pos < sc->len && sc->s[sc->pos] != '<') {
		unsigned char c = (unsigned char)sc->s[sc->pos];

		if (sc->depth == 0) {
			if (!is_space((char)c))
				return malformed(sc, "text outside the root element");
			sc->pos++;
			continue;
		}
		if (c == '&') {
			if (entity(sc) != 0)
				return -1;
			continue;
		}
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			return malformed(sc, "control character");
		if (c == '\r') {
			/* XML reads CRLF and a lone CR as LF. */
			if (sc->pos + 1 < sc->len && sc->s[sc->pos + 1] == '\n')
				sc->pos++;
			c = '\n';
		}
		if (emit(sc, (const char *)&c, 1) != 0)
			return -1;
		sc->pos++;
	}
	return 0;
}

static int cdata(struct scan *sc)
{
	size_t start;

	if (sc->depth == 0)
		return malformed(sc, "CDATA outside the root element");
	sc->pos += strlen("<![CDATA[");
	start = sc->pos;
	if (skip_past(sc, "]]>", "unterminated CDATA section") != 0)
		return -1;
	return emit(sc, sc->s + start, sc->pos - 3 - start);
}

static void push(struct scan *sc, struct span name)
{
	int d = sc->depth;

	sc->open[d] = name;
	sc->depth++;
	if (sc->matched == d && d < sc->path_len && span_eq(local_name(name), sc->path[d])) {
		sc->matched = d + 1;
		if (sc->matched == sc->path_len && !sc->found)
			sc->collecting = true;
	}
}

static void pop(struct scan *sc)
{
	if (sc->collecting && sc->depth == sc->path_len) {
		sc->collecting = false;
		sc->found = true;
	}
	sc->depth--;
	if (sc->matched > sc->depth)
		sc->matched = sc->depth;
}

static int start_tag(struct scan *sc)
{
	struct span name, attr;

	if (sc->depth == 0 && sc->root_seen)
		return malformed(sc, "a second root element");
	if (sc->depth >= XML_MAX_DEPTH)
		return malformed(sc, "nested too deeply");
	sc->pos++;
	if (read_name(sc, &name) != 0)
		return -1;
	for (;;) {
		size_t before = sc->pos;
		char quote;

		skip_space(sc);
		if (sc->pos >= sc->len)
			return malformed(sc, "unterminated tag");
		if (sc->s[sc->pos] == '>') {
			sc->pos++;
			sc->root_seen = true;
			push(sc, name);
			return 0;
		}
		if (starts_with(sc, "/>")) {
			sc->pos += 2;
			sc->root_seen = true;
			push(sc, name);
			pop(sc);
			return 0;
		}
		if (sc->pos == before)
			return malformed(sc, "expected a space before an attribute");
		if (read_name(sc, &attr) != 0)
			return -1;
		skip_space(sc);
		if (sc->pos >= sc->len || sc->s[sc->pos] != '=')
			return malformed(sc, "expected '=' after an attribute name");
		sc->pos++;
		skip_space(sc);
		if (sc->pos >= sc->len || (sc->s[sc->pos] != '"' && sc->s[sc->pos] != '\''))
			return malformed(sc, "expected a quoted attribute value");
		quote = sc->s[sc->pos++];
		while (sc->pos < sc->len && sc->s[sc->pos] != quote) {
			unsigned char c = (unsigned char)sc->s[sc->pos];
			if (c == '<')
				return malformed(sc, "'<' in an attribute value");
			if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
				return malformed(sc, "control character");
			sc->pos++;
		}
		if (sc->pos >= sc->len)
			return malformed(sc, "unterminated attribute value");
		sc->pos++;
	}
}

static int end_tag(struct scan *sc)
{
	struct span name;
	size_t start = sc->pos;

	sc->pos += 2;
	if (read_name(sc, &name) != 0)
		return -1;
	skip_space(sc);
	if (sc->pos >= sc->len || sc->s[sc->pos] != '>')
		return malformed(sc, "expected '>' to end a closing tag");
	if (sc->depth == 0 || !span_eq(name, sc->open[sc->depth - 1])) {
		sc->pos = start; /* the message points at the tag */
		return malformed(sc, sc->depth == 0 ? "closing tag without an opening tag"
						    : "closing tag does not match the opening tag");
	}
	sc->pos++;
	pop(sc);
	return 0;
}

static int split_path(struct scan *sc, const char *path)
{
	const char *p = path;

	for (;;) {
		const char *slash = strchr(p, '/');
		size_t n = slash != NULL ? (size_t)(slash - p) : strlen(p);

		if (n == 0 || sc->path_len >= XML_MAX_DEPTH)
			return err_set(sc->err, EXIT_RUNTIME, "bad XML path \"%s\"", path);
		sc->path[sc->path_len++] = (struct span){p, n};
		if (slash == NULL)
			return 0;
		p = slash + 1;
	}
}

static int scan_document(struct scan *sc)
{
	if (starts_with(sc, "\xef\xbb\xbf"))
		sc->pos += 3;
	while (sc->pos < sc->len) {
		if (sc->s[sc->pos] != '<') {
			if (text(sc) != 0)
				return -1;
		} else if (starts_with(sc, "<?")) {
			if (skip_past(sc, "?>", "unterminated processing instruction") != 0)
				return -1;
		} else if (starts_with(sc, "<!--")) {
			if (skip_past(sc, "-->", "unterminated comment") != 0)
				return -1;
		} else if (starts_with(sc, "<![CDATA[")) {
			if (cdata(sc) != 0)
				return -1;
		} else if (starts_with(sc, "<!")) {
			return malformed(sc, "DOCTYPE and other declarations are not supported");
		} else if (starts_with(sc, "</")) {
			if (end_tag(sc) != 0)
				return -1;
		} else if (start_tag(sc) != 0) {
			return -1;
		}
	}
	if (sc->depth != 0)
		return err_set(
		    sc->err, EXIT_RUNTIME, "truncated XML: <%.*s> is not closed",
		    (int)(sc->open[sc->depth - 1].len > 64 ? 64 : sc->open[sc->depth - 1].len),
		    sc->open[sc->depth - 1].p);
	if (!sc->root_seen)
		return err_set(sc->err, EXIT_RUNTIME, "truncated XML: no root element");
	return 0;
}

int xml_text(const char *xml, size_t len, const char *path, char *out, size_t cap, struct err *err)
{
	struct scan sc;

	if (cap == 0)
		return err_set(err, EXIT_RUNTIME, "xml_text: no room for the result");
	out[0] = '\0';
	memset(&sc, 0, sizeof(sc));
	sc.s = xml != NULL ? xml : "";
	sc.len = xml != NULL ? len : 0;
	sc.err = err;
	sc.out = out;
	sc.cap = cap;
	sc.path_text = path;
	if (split_path(&sc, path) != 0 || scan_document(&sc) != 0) {
		out[0] = '\0';
		return -1;
	}
	return sc.found ? 0 : 1;
}
