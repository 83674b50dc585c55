#include "util/ini.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"

#define NONE SIZE_MAX /* an absent offset into ini->strings */

/* A key (sub == NONE) or one "subkey = value" line of a key's sub-section
 * (value of the key itself == NONE). Offsets into ini->strings. */
struct ini_entry {
	size_t section;
	size_t key;
	size_t sub;
	size_t value;
};

struct ini_section {
	size_t name;
	size_t first_entry; /* entries before this one belong to other sections */
	bool is_default;    /* [DEFAULT] */
};

/* Parsing state for one file. */
struct parser {
	struct ini_file *ini;
	const char *display;
	struct err *err;
	size_t line_no;

	bool in_section;
	size_t section;
	bool have_key;	   /* the last key can still take continuation lines */
	size_t key_entry;  /* its entry */
	size_t key_indent; /* indentation of its line */
	size_t blanks;	   /* blank lines seen since its last line */
	bool nested;	   /* its own line had an empty value */
};

static int parse_error(struct parser *p, const char *fmt, ...) PRINTF_LIKE(2, 3);

static int parse_error(struct parser *p, const char *fmt, ...)
{
	char why[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (n < 0)
		why[0] = '\0';
	/* A truncated reason (a very long name in it) is still a fine message. */
	return err_set(p->err, EXIT_RUNTIME, "%s line %zu: %s", p->display, p->line_no, why);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static const char *str_at(const struct ini_file *ini, size_t offset)
{
	return ini->strings.data + offset;
}

/* Appends s[0..n) and a NUL to the string store; *offset is where it went. */
static int store(struct parser *p, const char *s, size_t n, size_t *offset)
{
	*offset = p->ini->strings.len;
	if (buf_append(&p->ini->strings, s, n) != 0 || buf_append(&p->ini->strings, "", 1) != 0)
		return err_set(p->err, EXIT_RUNTIME, "%s: out of memory", p->display);
	return 0;
}

static int add_entry(struct parser *p, struct ini_entry e, size_t *index)
{
	struct ini_file *ini = p->ini;

	if (ini->entry_count + ini->section_count >= INI_MAX_ENTRIES)
		return parse_error(p, "more than %d keys and sections", INI_MAX_ENTRIES);
	if (ini->entry_count == ini->entry_cap) {
		size_t cap = ini->entry_cap ? ini->entry_cap * 2 : 32;
		struct ini_entry *grown = realloc(ini->entries, cap * sizeof(*grown));
		if (grown == NULL)
			return err_set(p->err, EXIT_RUNTIME, "%s: out of memory", p->display);
		ini->entries = grown;
		ini->entry_cap = cap;
	}
	if (index != NULL)
		*index = ini->entry_count;
	ini->entries[ini->entry_count++] = e;
	return 0;
}

/* Splits the finished value "\n  a = 1\n  b = 2" of a key into sub-entries,
 * in place: each line's key and value get their own NUL. */
static int split_nested(struct parser *p, const struct ini_entry *key)
{
	char *s = p->ini->strings.data + key->value;
	size_t section = key->section, key_offset = key->key, base = key->value;
	size_t i = 0, len = strlen(s);

	while (i < len) {
		size_t line_end = i, eq, k0, k1, v0, v1;
		struct ini_entry sub;

		while (line_end < len && s[line_end] != '\n')
			line_end++;
		k0 = i;
		while (k0 < line_end && is_space(s[k0]))
			k0++;
		if (k0 == line_end) {
			i = line_end + 1;
			continue;
		}
		eq = k0;
		while (eq < line_end && s[eq] != '=')
			eq++;
		/* append_line() refused lines without '=' already. */
		if (eq == line_end)
			return parse_error(p, "expected 'key = value' in the block under '%s'",
					   str_at(p->ini, key_offset));
		k1 = eq;
		while (k1 > k0 && is_space(s[k1 - 1]))
			k1--;
		v0 = eq + 1;
		while (v0 < line_end && is_space(s[v0]))
			v0++;
		v1 = line_end;
		while (v1 > v0 && is_space(s[v1 - 1]))
			v1--;
		s[k1] = '\0';
		s[v1] = '\0';
		sub = (struct ini_entry){section, key_offset, base + k0, base + v0};
		if (add_entry(p, sub, NULL) != 0)
			return -1;
		/* add_entry never moves the string store, so s stays valid. */
		i = line_end + 1;
	}
	p->ini->entries[p->key_entry].value = NONE;
	return 0;
}

/* Ends the value of the current key: trailing space goes, a NUL follows,
 * and a value that starts with a newline becomes a sub-section. */
static int finish_key(struct parser *p)
{
	struct buf *b = &p->ini->strings;
	struct ini_entry key;

	if (!p->have_key)
		return 0;
	p->have_key = false;
	key = p->ini->entries[p->key_entry];
	while (b->len > key.value && is_space(b->data[b->len - 1]))
		b->len--;
	b->data[b->len] = '\0';
	if (buf_append(b, "", 1) != 0)
		return err_set(p->err, EXIT_RUNTIME, "%s: out of memory", p->display);
	if (b->data[key.value] == '\n')
		return split_nested(p, &key);
	return 0;
}

/* A continuation line (already trimmed) of the current key. */
static int append_line(struct parser *p, const char *s, size_t n)
{
	struct buf *b = &p->ini->strings;

	if (p->nested && memchr(s, '=', n) == NULL)
		return parse_error(p, "expected 'key = value' in the block under '%s'",
				   str_at(p->ini, p->ini->entries[p->key_entry].key));
	for (; p->blanks > 0; p->blanks--) {
		if (buf_append(b, "\n", 1) != 0)
			return err_set(p->err, EXIT_RUNTIME, "%s: out of memory", p->display);
	}
	if (buf_append(b, "\n", 1) != 0 || buf_append(b, s, n) != 0)
		return err_set(p->err, EXIT_RUNTIME, "%s: out of memory", p->display);
	return 0;
}

static int section_header(struct parser *p, const char *name, size_t n)
{
	struct ini_file *ini = p->ini;
	bool is_default = n == 7 && memcmp(name, "DEFAULT", 7) == 0;
	struct ini_section *grown;
	size_t i, offset;

	for (i = 0; i < ini->section_count; i++) {
		const char *have = str_at(ini, ini->sections[i].name);
		if (strlen(have) != n || memcmp(have, name, n) != 0)
			continue;
		if (!is_default)
			return parse_error(p, "section [%s] appears twice", have);
		p->section = i; /* configparser lets [DEFAULT] reopen */
		p->in_section = true;
		return 0;
	}
	if (ini->entry_count + ini->section_count >= INI_MAX_ENTRIES)
		return parse_error(p, "more than %d keys and sections", INI_MAX_ENTRIES);
	if (ini->section_count == ini->section_cap) {
		size_t cap = ini->section_cap ? ini->section_cap * 2 : 8;
		grown = realloc(ini->sections, cap * sizeof(*grown));
		if (grown == NULL)
			return err_set(p->err, EXIT_RUNTIME, "%s: out of memory", p->display);
		ini->sections = grown;
		ini->section_cap = cap;
	}
	if (store(p, name, n, &offset) != 0)
		return -1;
	ini->sections[ini->section_count] =
	    (struct ini_section){offset, ini->entry_count, is_default};
	p->section = ini->section_count++;
	p->in_section = true;
	return 0;
}

static bool key_equals(const char *have, const char *want)
{
	for (; *have != '\0' && *want != '\0'; have++, want++) {
		char w = *want >= 'A' && *want <= 'Z' ? (char)(*want - 'A' + 'a') : *want;
		if (*have != w)
			return false;
	}
	return *have == *want;
}

static int key_line(struct parser *p, const char *s, size_t n, size_t indent)
{
	struct ini_file *ini = p->ini;
	size_t sep = 0, k1, v0, i, key_offset, value_offset;
	struct ini_entry e;

	while (sep < n && s[sep] != '=' && s[sep] != ':')
		sep++;
	if (sep == n)
		return parse_error(p, "expected '[section]' or 'key = value'");
	k1 = sep;
	while (k1 > 0 && is_space(s[k1 - 1]))
		k1--;
	if (k1 == 0)
		return parse_error(p, "expected '[section]' or 'key = value'");
	v0 = sep + 1;
	while (v0 < n && is_space(s[v0]))
		v0++;

	if (store(p, s, k1, &key_offset) != 0)
		return -1;
	for (i = key_offset; i < key_offset + k1; i++) {
		char c = ini->strings.data[i];
		if (c >= 'A' && c <= 'Z')
			ini->strings.data[i] = (char)(c - 'A' + 'a');
	}
	for (i = ini->sections[p->section].first_entry; i < ini->entry_count; i++) {
		const struct ini_entry *have = &ini->entries[i];
		if (have->section == p->section && have->sub == NONE &&
		    strcmp(str_at(ini, have->key), str_at(ini, key_offset)) == 0)
			return parse_error(p, "key '%s' appears twice in the section",
					   str_at(ini, key_offset));
	}
	/* The value stays open (no NUL) for continuation lines. */
	value_offset = ini->strings.len;
	if (buf_append(&ini->strings, s + v0, n - v0) != 0)
		return err_set(p->err, EXIT_RUNTIME, "%s: out of memory", p->display);
	e = (struct ini_entry){p->section, key_offset, NONE, value_offset};
	if (add_entry(p, e, &p->key_entry) != 0)
		return -1;
	p->have_key = true;
	p->key_indent = indent;
	p->blanks = 0;
	p->nested = v0 == n;
	return 0;
}

static int parse_line(struct parser *p, const char *line, size_t len)
{
	size_t indent = 0, end = len, close;

	while (indent < len && is_space(line[indent]))
		indent++;
	while (end > indent && is_space(line[end - 1]))
		end--;
	if (memchr(line, '\0', len) != NULL)
		return parse_error(p, "NUL byte");
	if (indent == end) {
		if (p->have_key)
			p->blanks++;
		return 0;
	}
	if (line[indent] == '#' || line[indent] == ';')
		return 0;
	if (p->have_key && indent > p->key_indent)
		return append_line(p, line + indent, end - indent);

	if (finish_key(p) != 0)
		return -1;
	/* "[" + a non-empty name + the last "]" on the line. */
	if (line[indent] == '[') {
		for (close = end; close > indent + 2 && line[close - 1] != ']'; close--)
			;
		if (close > indent + 2)
			return section_header(p, line + indent + 1, close - 1 - (indent + 1));
	}
	if (!p->in_section)
		return parse_error(p, "expected a '[section]' line before any key");
	return key_line(p, line + indent, end - indent, indent);
}

void ini_free(struct ini_file *ini)
{
	if (ini == NULL)
		return;
	buf_wipe(&ini->strings); /* values may be secret keys */
	free(ini->entries);
	free(ini->sections);
	memset(ini, 0, sizeof(*ini));
}

int ini_load_mem(struct ini_file *ini, const char *data, size_t len, const char *display,
		 struct err *err)
{
	struct parser p;
	size_t pos = 0;

	memset(ini, 0, sizeof(*ini));
	memset(&p, 0, sizeof(p));
	p.ini = ini;
	p.display = display != NULL ? display : "config";
	p.err = err;
	if (len > INI_MAX_SIZE)
		return err_set(err, EXIT_RUNTIME, "%s: larger than %d bytes", p.display,
			       INI_MAX_SIZE);
	/* Normalised text is never longer than the input plus a NUL per line
	 * and per name, so this cap cannot bite before INI_MAX_SIZE does. */
	/* Values may be secret keys: grown without leaving copies behind. */
	buf_init_secure(&ini->strings, 3 * len + 16);
	if (buf_append(&ini->strings, "", 1) != 0) {
		ini_free(ini);
		return err_set(err, EXIT_RUNTIME, "%s: out of memory", p.display);
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		pos = 3;
	while (pos < len) {
		size_t end = pos;

		while (end < len && data[end] != '\n' && data[end] != '\r')
			end++;
		p.line_no++;
		if (parse_line(&p, data + pos, end - pos) != 0) {
			ini_free(ini);
			return -1;
		}
		if (end < len && data[end] == '\r' && end + 1 < len && data[end + 1] == '\n')
			end++;
		pos = end + 1;
	}
	if (finish_key(&p) != 0) {
		ini_free(ini);
		return -1;
	}
	return 0;
}

int ini_load_file(struct ini_file *ini, const char *path, const char *display, struct err *err)
{
	struct buf data;
	char why[64];
	int error, rc = -1;
	enum file_result got;

	memset(ini, 0, sizeof(*ini));
	if (display == NULL)
		display = path;
	/* A credentials file holds secret keys: a secure buffer, wiped. The
	 * open does not block on a FIFO; anything but a regular file (a
	 * directory, a FIFO, /dev/zero) is as good as absent, as in botocore. */
	buf_init_secure(&data, INI_MAX_SIZE);
	got = file_read(path, INI_MAX_SIZE, &data, &error);
	switch (got) {
	case FILE_OK:
		rc = ini_load_mem(ini, buf_str(&data), data.len, display, err);
		break;
	case FILE_MISSING:
	case FILE_NOT_REGULAR:
		rc = 1;
		break;
	case FILE_TOO_LARGE:
		rc = err_set(err, EXIT_RUNTIME, "%s: larger than %d bytes", display, INI_MAX_SIZE);
		break;
	case FILE_ERROR:
		rc = err_set(err, EXIT_RUNTIME, "%s: %s", display,
			     file_result_text(got, error, INI_MAX_SIZE, why, sizeof(why)));
		break;
	}
	buf_free(&data);
	return rc;
}

/* --- lookups --------------------------------------------------------------------- */

static bool find_section(const struct ini_file *ini, const char *name, size_t *index)
{
	size_t i;

	if (ini == NULL || name == NULL)
		return false;
	for (i = 0; i < ini->section_count; i++) {
		if (strcmp(str_at(ini, ini->sections[i].name), name) == 0) {
			*index = i;
			return true;
		}
	}
	return false;
}

/* The last entry for key (and subkey, when not NULL) in section. */
static const struct ini_entry *find_in(const struct ini_file *ini, size_t section, const char *key,
				       const char *subkey)
{
	const struct ini_entry *found = NULL;
	size_t i;

	for (i = ini->sections[section].first_entry; i < ini->entry_count; i++) {
		const struct ini_entry *e = &ini->entries[i];
		if (e->section != section || !key_equals(str_at(ini, e->key), key))
			continue;
		if (subkey == NULL ? e->sub == NONE
				   : e->sub != NONE && strcmp(str_at(ini, e->sub), subkey) == 0)
			found = e;
	}
	return found;
}

const char *ini_key(const struct ini_file *ini, const char *section, size_t i)
{
	size_t s;

	if (!find_section(ini, section, &s) || ini->sections[s].is_default)
		return NULL;
	for (size_t k = ini->sections[s].first_entry; k < ini->entry_count; k++) {
		const struct ini_entry *e = &ini->entries[k];

		if (e->section == s && e->sub == NONE && i-- == 0)
			return str_at(ini, e->key);
	}
	return NULL;
}

/* Looks in section, then in [DEFAULT]. */
static const struct ini_entry *lookup(const struct ini_file *ini, const char *section,
				      const char *key)
{
	const struct ini_entry *e;
	size_t s, d;

	if (key == NULL || !find_section(ini, section, &s) || ini->sections[s].is_default)
		return NULL;
	e = find_in(ini, s, key, NULL);
	if (e == NULL && find_section(ini, "DEFAULT", &d))
		e = find_in(ini, d, key, NULL);
	return e;
}

const char *ini_get(const struct ini_file *ini, const char *section, const char *key)
{
	const struct ini_entry *e = lookup(ini, section, key);

	return e != NULL && e->value != NONE ? str_at(ini, e->value) : NULL;
}

const char *ini_get_sub(const struct ini_file *ini, const char *section, const char *key,
			const char *subkey)
{
	const struct ini_entry *e;

	if (subkey == NULL)
		return NULL;
	/* The whole block comes from one place: the section, or [DEFAULT]
	 * when the section lacks the key. */
	e = lookup(ini, section, key);
	if (e == NULL || e->value != NONE)
		return NULL;
	e = find_in(ini, e->section, key, subkey);
	return e != NULL ? str_at(ini, e->value) : NULL;
}

bool ini_is_sub(const struct ini_file *ini, const char *section, const char *key)
{
	const struct ini_entry *e = lookup(ini, section, key);

	return e != NULL && e->value == NONE;
}

bool ini_has_section(const struct ini_file *ini, const char *section)
{
	size_t s;

	return find_section(ini, section, &s) && !ini->sections[s].is_default;
}

/* Python's shlex.split(s) (POSIX mode: quotes, backslash escapes), enough
 * to tell whether a section name is two words and what they are. Returns
 * the number of words (stopping at 3), or -1 for an unclosed quote or a
 * word longer than the buffer. */
static int shell_words(const char *s, char words[2][256])
{
	int count = 0;

	for (;;) {
		size_t n = 0;
		bool any = false;

		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		if (*s == '\0')
			return count;
		if (count == 2)
			return 3;
		while (*s != '\0' && *s != ' ' && *s != '\t' && *s != '\n' && *s != '\r') {
			char c = *s++;
			if (c == '\'') {
				while (*s != '\0' && *s != '\'') {
					if (n + 1 >= sizeof(words[0]))
						return -1;
					words[count][n++] = *s++;
				}
				if (*s++ != '\'')
					return -1;
			} else if (c == '"') {
				while (*s != '\0' && *s != '"') {
					if (*s == '\\' && (s[1] == '"' || s[1] == '\\'))
						s++;
					if (n + 1 >= sizeof(words[0]))
						return -1;
					words[count][n++] = *s++;
				}
				if (*s++ != '"')
					return -1;
			} else {
				if (c == '\\') {
					if (*s == '\0')
						return -1;
					c = *s++;
				}
				if (n + 1 >= sizeof(words[0]))
					return -1;
				words[count][n++] = c;
			}
			any = true;
		}
		words[count][n] = '\0';
		if (any)
			count++;
	}
}

const char *ini_find_section(const struct ini_file *ini, const char *kind, const char *name)
{
	const char *found = NULL;
	size_t i, kind_len;

	if (ini == NULL || kind == NULL || name == NULL)
		return NULL;
	kind_len = strlen(kind);
	for (i = 0; i < ini->section_count; i++) {
		const char *section = str_at(ini, ini->sections[i].name);
		char words[2][256];

		if (ini->sections[i].is_default)
			continue;
		if (strcmp(kind, "profile") == 0 && strcmp(name, "default") == 0 &&
		    strcmp(section, "default") == 0) {
			found = section;
			continue;
		}
		if (strncmp(section, kind, kind_len) != 0)
			continue;
		if (shell_words(section, words) == 2 && strcmp(words[1], name) == 0)
			found = section;
	}
	return found;
}
