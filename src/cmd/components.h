/* components — what is built into this binary: eks-upgrade itself, then each
 * third-party component (BearSSL, curl, jsmn, musl, the CA roots) with its
 * version, SPDX licence, download location and the SHA-256 of its pinned
 * source. build/components.c is generated from vendor/pins.sh by
 * vendor/sbom.sh, which writes the SPDX document (`make sbom`) from the same
 * list, so `version --output json` and the SBOM cannot disagree.
 * The table is static, read-only data owned by the binary.
 */
#ifndef EKS_COMPONENTS_H
#define EKS_COMPONENTS_H

#include <stddef.h>

struct component {
	const char *spdx_id;
	const char *name;
	const char *version;
	const char *license;	       /* SPDX licence expression or NOASSERTION */
	const char *download_location; /* URL or NOASSERTION */
	const char *sha256;	       /* of the pinned source; "" for eks-upgrade */
	const char *relationship;      /* to eks-upgrade: STATIC_LINK, CONTAINS; DESCRIBES */
};

const struct component *components(size_t *count);

#endif
