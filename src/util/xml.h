/* xml — reads one value out of a small XML document: the STS query-protocol
 * responses (GetCallerIdentity, AssumeRole*, and ErrorResponse bodies).
 *
 * No tree is built and nothing is allocated: each call scans the whole
 * document (checking that it is well formed) and copies the text of the
 * first element found at a path into a caller-owned buffer. Understood:
 * the XML declaration and other processing instructions, comments, CDATA,
 * attributes (quoted values may hold '>'), namespace prefixes (paths name
 * local names), self-closing tags, the five predefined entities and
 * character references (&#N; &#xN;, written out as UTF-8). Refused as
 * malformed: DOCTYPE declarations (no user-defined entities), mismatched or
 * unclosed tags, text or a second element outside the root, a bare '&',
 * control characters, nesting deeper than XML_MAX_DEPTH. Not checked
 * (never read): the contents of processing instructions and comments,
 * entities inside attribute values, namespace bindings, UTF-8 validity.
 */
#ifndef EKS_XML_H
#define EKS_XML_H

#include <stddef.h>

#include "util/err.h"

#define XML_MAX_DEPTH 64

/* Finds the element at path — local names from the root down, separated
 * by '/': "GetCallerIdentityResponse/GetCallerIdentityResult/Arn" — in
 * xml[0..len) (no NUL needed), and copies its own character data (text and
 * CDATA directly inside it, entities decoded, CRLF read as LF) into out,
 * NUL-terminated.
 *
 * Returns 0 when found (an empty element gives ""), 1 when no element is
 * at path (out = ""), -1 when the document is malformed, the path is
 * empty, or the text needs more than cap - 1 bytes (out = "", message in
 * err). */
int xml_text(const char *xml, size_t len, const char *path, char *out, size_t cap,
	     struct err *err) MUST_CHECK;

#endif
