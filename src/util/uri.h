/* uri — taking URLs apart and percent-encoding their parts.
 *
 * The one place URLs are split: the host a request goes to (for the plain
 * http policy and messages), the authority for the Host header, the base
 * path of an endpoint override. uri_encode is RFC 3986 encoding as SigV4
 * defines it (unreserved A-Z a-z 0-9 - . _ ~ kept, everything else %XX
 * upper-case), used for paths, query values and form bodies alike.
 */
#ifndef EKS_URI_H
#define EKS_URI_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

/* 0-15 for a hex digit (either case), -1 otherwise. */
int uri_hex_digit(char c);

/* Appends data[0..len) percent-encoded; '/' is kept unless encode_slash.
 * -1 when `out` would pass its maximum. */
int uri_encode(struct buf *out, const char *data, size_t len, bool encode_slash) MUST_CHECK;

/* Appends one path segment: every byte but the unreserved ones encoded,
 * '/' included, and a segment of dots only ("." or "..") as %2E, so that
 * neither libcurl nor a server can read it as a dot segment and call
 * another path. -1 for an empty segment (it would change the path too) or
 * when `out` would pass its maximum. */
int uri_encode_segment(struct buf *out, const char *segment) MUST_CHECK;

/* The host of an http(s) URL (IPv6 without its brackets) and whether the
 * scheme is plain http. -1 for another scheme, user info ("u@host"), or no
 * host: a host checked before an '@' is not the host a client connects to. */
int uri_host(const char *url, bool *plain_http, char *host, size_t cap) MUST_CHECK;

/* "scheme://host:port/base" → "host:port" (the Host header's value); -1
 * when empty or longer than cap - 1. */
int uri_authority(const char *url, char *out, size_t cap) MUST_CHECK;

/* The path after the authority ("/base" above, "" when none). */
const char *uri_path(const char *url);

#endif
