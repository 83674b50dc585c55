/* text — untrusted text made safe to show to people and to CI logs.
 *
 * Names, statuses, messages and errors that come from AWS, a proxy, a
 * credential_process or the environment are shown in text output and on
 * stderr. Raw, they could move the cursor or retitle a terminal (ESC, CSI,
 * OSC, C1 controls), start a line of their own (CR, LF), or, in GitHub
 * Actions, become a workflow command: `::add-mask::` at the start of a line
 * or `##[command]` anywhere in one. text_escape writes them as one line of
 * plain characters:
 *
 *   CR, LF, CR LF, tab, VT, FF      one space each (lines are folded)
 *   other C0 controls, DEL         \x1b, \x7f
 *   C1 controls U+0080..U+009F     \u009b
 *   bidirectional overrides        \u202e (U+202A..U+202E, U+2066..U+2069)
 *   bytes that are not UTF-8       \xff
 *   "##["                          "#\x23[" (no legacy workflow command)
 *
 * Everything else (printable ASCII, valid UTF-8) is kept as it is, so a
 * name that was fine before still reads the same.
 */
#ifndef EKS_TEXT_H
#define EKS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/buf.h"
#include "util/err.h"

/* Appends in[0..len) escaped as above. -1 when `out` would pass its
 * maximum (what fitted is kept). */
int text_escape(struct buf *out, const char *in, size_t len) MUST_CHECK;

/* text_escape of a C string into a fixed array, cut when it does not fit
 * (the cut never splits an escape or a UTF-8 sequence). -1 when cut. */
int text_escape_to(char *out, size_t cap, const char *in);

/* Writes the C string `in` escaped to f; -1 on a write error. */
int text_fputs(FILE *f, const char *in);

/* True when every byte of in[0..len) is printable ASCII (0x21..0x7e), or
 * also a space with allow_space: what a header value or URL part taken
 * from a variable, a file or an answer must be before it is sent. */
bool text_is_token(const char *in, size_t len, bool allow_space);

#endif
