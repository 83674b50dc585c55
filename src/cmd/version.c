#include <stdio.h>

#include "cmd/verbs.h"
#include "net/http.h"
#include "net/trust.h"

#ifndef EKS_UPGRADE_VERSION
#define EKS_UPGRADE_VERSION "0.0.0"
#endif
#ifndef EKS_BEARSSL_VERSION
#define EKS_BEARSSL_VERSION "unknown"
#endif

int verb_version(const struct cli *cli, struct err *err)
{
	size_t anchors = 0;
	const char *curl_version, *tls_version;

	(void)cli;
	http_library_versions(&curl_version, &tls_version);
	(void)trust_anchors(&anchors);
	if (printf("eks-upgrade %s\n"
		   "libcurl/%s (%s)\n"
		   "BearSSL %s\n"
		   "trust store: %zu CA certificates (from %s at build time; AWS_CA_BUNDLE "
		   "replaces it)\n",
		   EKS_UPGRADE_VERSION, curl_version, tls_version, EKS_BEARSSL_VERSION, anchors,
		   trust_anchors_source()) < 0)
		return err_set(err, EXIT_RUNTIME, "cannot write to stdout");
	return EXIT_OK;
}
