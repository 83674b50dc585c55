/* trust — the CA trust store compiled into the binary.
 *
 * build/trust_anchors.c is generated at build time (src/net/gen_trust_anchors.sh)
 * from the build machine's Mozilla bundle, already decoded into BearSSL trust
 * anchors. The anchors are static, read-only data owned by the binary.
 * AWS_CA_BUNDLE replaces them at run time (see net/http.c).
 */
#ifndef EKS_TRUST_H
#define EKS_TRUST_H

#include <bearssl.h>
#include <stddef.h>

const br_x509_trust_anchor *trust_anchors(size_t *count);
/* The bundle the anchors came from at build time, for `version`. */
const char *trust_anchors_source(void);

#endif
