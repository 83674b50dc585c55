/* ini — the AWS shared config and credentials files (~/.aws/config,
 * ~/.aws/credentials), read the way botocore reads them
 * (configparser.RawConfigParser + botocore.configloader.raw_config_parse).
 *
 * A loaded struct ini_file owns a normalised copy of everything it returns;
 * the strings it hands out live until ini_free. The caller owns the struct
 * (zero it or let ini_load_* do it) and frees it; ini_free is safe on a
 * zeroed struct and twice. Paths are used as given: expanding "~" and
 * choosing the file (AWS_CONFIG_FILE, ...) is the caller's job.
 *
 * The rules, checked against botocore 1.43.11 on this machine:
 *  - "[name]" opens a section named by everything between the '[' and the
 *    last ']' on the line, spaces kept ("[ a ]" is " a "); text after that
 *    ']' is ignored. Section names are case-sensitive.
 *  - "key = value" or "key: value" (the first '=' or ':' splits). Keys are
 *    trimmed and lowercased (ASCII); values are trimmed.
 *  - Lines whose first non-blank character is '#' or ';' are comments.
 *    There are no inline comments: "region = x # y" has the value "x # y".
 *  - A line indented deeper than the key line above it continues that
 *    value (joined with "\n"; blank lines inside are kept, trailing ones
 *    dropped). When the key's own line has an empty value, the indented
 *    lines are a sub-section of "subkey = value" lines (subkeys keep their
 *    case, later duplicates win): read them with ini_get_sub.
 *  - A repeated section, or a key repeated in one section (case-
 *    insensitively), is an error, as in botocore (configparser strict mode).
 *  - "[DEFAULT]" is configparser's defaults section: its keys show through
 *    every other section that lacks them; it is not itself a section.
 *  - Line endings LF, CRLF or CR.
 * Where this parser differs from botocore, on purpose:
 *  - a UTF-8 byte order mark at the start is skipped (botocore fails);
 *  - a NUL byte is an error (values are C strings);
 *  - bytes are not checked for valid UTF-8 (botocore fails on invalid UTF-8);
 *  - whitespace means ASCII space, tab, CR, LF, VT and FF only.
 * Limits: INI_MAX_SIZE bytes per file, INI_MAX_ENTRIES keys plus
 * sections. Errors name the file and line:
 *   "~/.aws/config line 7: expected '[section]' or 'key = value'".
 */
#ifndef EKS_INI_H
#define EKS_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

#define INI_MAX_SIZE (1024 * 1024)
#define INI_MAX_ENTRIES 10000

struct ini_entry;
struct ini_section;

struct ini_file {
	struct buf strings;	   /* NUL-terminated names and values */
	struct ini_entry *entries; /* owned */
	size_t entry_count, entry_cap;
	struct ini_section *sections; /* owned, in file order */
	size_t section_count, section_cap;
};

/* Reads and parses the file at path. display names it in messages (NULL:
 * the path itself). Returns 0 when loaded, 1 when there is no such file
 * (also when path is a directory or not a regular file, as botocore
 * treats it; ini is then empty), -1 on any other error. */
int ini_load_file(struct ini_file *ini, const char *path, const char *display,
		  struct err *err) MUST_CHECK;

/* Parses data[0..len) (no NUL needed); display names it in messages. */
int ini_load_mem(struct ini_file *ini, const char *data, size_t len, const char *display,
		 struct err *err) MUST_CHECK;

void ini_free(struct ini_file *ini);

/* The value of key in section, falling back to [DEFAULT]; NULL when the
 * section or key is missing, or the key holds a sub-section. key is matched
 * case-insensitively; section exactly. A NULL section gives NULL. */
const char *ini_get(const struct ini_file *ini, const char *section, const char *key);

/* The value of subkey in the sub-section under key ("s3" / "endpoint_url"
 * in [services X]); subkey is matched exactly. */
const char *ini_get_sub(const struct ini_file *ini, const char *section, const char *key,
			const char *subkey);

/* Whether key holds a sub-section. */
bool ini_is_sub(const struct ini_file *ini, const char *section, const char *key);

bool ini_has_section(const struct ini_file *ini, const char *section);

/* The i-th key (0, 1, ...) of section in file order (lowercased, a key that
 * holds a sub-section included); NULL past the last one, for a missing
 * section and for [DEFAULT], whose keys are not listed under others. */
const char *ini_key(const struct ini_file *ini, const char *section, size_t i);

/* The name of the section that botocore's config-file loader uses for
 * kind "profile", "sso-session" or "services" and name: a section whose
 * name starts with kind and splits (shell-style, quotes allowed) into
 * exactly two words, the second being name; for the profile "default"
 * also "[default]". When several match, the last one in the file wins
 * whole, as in botocore. NULL when none; pass the result to ini_get.
 * (In the credentials file profiles are plain "[name]" sections.) */
const char *ini_find_section(const struct ini_file *ini, const char *kind, const char *name);

#endif
