/* fuzz_ini — ini_load_mem over any bytes (an AWS config or credentials
 * file), then the lookups the tool makes, with section names and keys
 * taken from the input's own lines so they hit. Promises checked: a
 * failure leaves the struct empty and says why; lookups answer a C string
 * or NULL; every key ini_key lists can be looked up; ini_free is safe
 * twice. */
#include <ctype.h>

#include "fuzz.h"
#include "util/ini.h"

#define NAMES 16

struct names {
	char text[NAMES][64];
	size_t count;
};

static void add(struct names *n, const char *s, size_t len)
{
	if (n->count == NAMES || len >= sizeof(n->text[0]) || memchr(s, '\0', len) != NULL)
		return;
	memcpy(n->text[n->count], s, len);
	n->text[n->count++][len] = '\0';
}

/* "[name]" lines give sections, "key = value" lines keys (as written). */
static void harvest(const char *s, size_t size, struct names *sections, struct names *keys)
{
	size_t pos = 0;

	while (pos < size) {
		size_t end = pos, a, b;

		while (end < size && s[end] != '\n' && s[end] != '\r')
			end++;
		for (a = pos; a < end && isspace((unsigned char)s[a]); a++)
			;
		if (a < end && s[a] == '[') {
			for (b = end; b > a + 1 && s[b - 1] != ']'; b--)
				;
			if (b > a + 1)
				add(sections, s + a + 1, b - 1 - (a + 1));
		} else {
			for (b = a; b < end && s[b] != '=' && s[b] != ':'; b++)
				;
			while (b > a && isspace((unsigned char)s[b - 1]))
				b--;
			if (b > a)
				add(keys, s + a, b - a);
		}
		pos = end + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = {"profile", "sso-session", "services"};
	char *text = fuzz_copy(data, size);
	struct names sections = {0}, keys = {0};
	struct ini_file ini;
	struct err err = {0};

	if (ini_load_mem(&ini, text, size, "fuzz", &err) != 0) {
		FUZZ_ASSERT(err.message[0] != '\0');
		FUZZ_ASSERT(ini.entries == NULL && ini.sections == NULL &&
			    ini.strings.data == NULL);
		free(text);
		return 0;
	}
	harvest(text, size, &sections, &keys);
	add(&sections, "default", 7);
	add(&keys, "region", 6);
	FUZZ_ASSERT(ini_get(&ini, NULL, "region") == NULL);
	for (size_t s = 0; s < sections.count; s++) {
		const char *section = sections.text[s];

		(void)ini_has_section(&ini, section);
		/* Every key ini_key lists is one the section has (a value or a
		 * sub-section), and the list ends. */
		for (size_t i = 0; i <= ini.entry_count; i++) {
			const char *key = ini_key(&ini, section, i);

			if (key == NULL)
				break;
			FUZZ_ASSERT(i < ini.entry_count);
			FUZZ_ASSERT(ini_get(&ini, section, key) != NULL ||
				    ini_is_sub(&ini, section, key));
		}
		for (size_t k = 0; k < keys.count; k++) {
			const char *v = ini_get(&ini, section, keys.text[k]);

			if (v != NULL)
				(void)strlen(v);
			if (ini_is_sub(&ini, section, keys.text[k]))
				FUZZ_ASSERT(v == NULL);
			for (size_t j = 0; j < keys.count && j < 4; j++) {
				v = ini_get_sub(&ini, section, keys.text[k], keys.text[j]);
				if (v != NULL)
					(void)strlen(v);
			}
		}
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			const char *found = ini_find_section(&ini, kinds[k], section);

			if (found != NULL)
				FUZZ_ASSERT(ini_has_section(&ini, found));
		}
	}
	ini_free(&ini);
	ini_free(&ini); /* twice is safe */
	free(text);
	return 0;
}
