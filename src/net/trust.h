/* trust — the CA trust store compiled into the binary.
 *
 * build/trust_anchors.c is generated at build time (src/net/gen_trust_anchors.sh)
 * from the pinned Mozilla roots (Debian's ca-certificates source, pinned in
 * vendor/pins.sh; never the build machine's own store), already decoded into
 * BearSSL trust anchors. The anchors are static, read-only data owned by the
 * binary.
 * AWS_CA_BUNDLE replaces them at run time (see net/http.c).
 */
#ifndef EKS_TRUST_H
#define EKS_TRUST_H

#include <bearssl.h>
#include <stddef.h>

const br_x509_trust_anchor *trust_anchors(size_t *count);
/* Where the anchors came from, for `version`: "Mozilla, from Debian
 * ca-certificates VERSION", "from FILE at build time" or "none". */
const char *trust_anchors_source(void);

#endif
