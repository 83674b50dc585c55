/* version — what this binary is and what is inside it: the program, libcurl,
 * BearSSL and the compiled-in trust store; with --output json, every
 * component with its pinned source (the list `make sbom` writes as SPDX). */
#include <stdio.h>

#include "cmd/components.h"
#include "cmd/verbs.h"
#include "net/http.h"
#include "net/trust.h"
#include "util/json.h"

#ifndef EKS_UPGRADE_VERSION
#define EKS_UPGRADE_VERSION "0.0.0"
#endif
#ifndef EKS_BEARSSL_VERSION
#define EKS_BEARSSL_VERSION "unknown"
#endif

/* The target this binary was compiled for, spelled as the release files are. */
#if defined(__x86_64__)
#define TARGET_ARCH "amd64"
#elif defined(__aarch64__)
#define TARGET_ARCH "arm64"
#else
#define TARGET_ARCH "unknown"
#endif

static int print_json(const char *curl_version, size_t anchors, struct err *err)
{
	const struct component *list;
	size_t count;
	struct buf out;
	struct json_writer w;
	int rc;

	list = components(&count);
	buf_init(&out, 16384);
	json_writer_init(&w, &out);
	json_write_begin_object(&w);
	json_write_key_string(&w, "name", "eks-upgrade");
	json_write_key_string(&w, "version", EKS_UPGRADE_VERSION);
	json_write_key_string(&w, "os", "linux");
	json_write_key_string(&w, "arch", TARGET_ARCH);
	json_write_key_string(&w, "libcurl", curl_version);
	json_write_key_string(&w, "bearssl", EKS_BEARSSL_VERSION);
	json_write_key(&w, "trustStore");
	json_write_begin_object(&w);
	json_write_key_int64(&w, "certificates", (int64_t)anchors);
	json_write_key_string(&w, "source", trust_anchors_source());
	json_write_key_string(&w, "override", "AWS_CA_BUNDLE");
	json_write_end_object(&w);
	json_write_key(&w, "components");
	json_write_begin_array(&w);
	for (size_t i = 0; i < count; i++) {
		json_write_begin_object(&w);
		json_write_key_string(&w, "spdxId", list[i].spdx_id);
		json_write_key_string(&w, "name", list[i].name);
		json_write_key_string(&w, "version", list[i].version);
		json_write_key_string(&w, "license", list[i].license);
		json_write_key_string(&w, "downloadLocation", list[i].download_location);
		json_write_key_string(&w, "sha256", list[i].sha256[0] ? list[i].sha256 : NULL);
		json_write_key_string(&w, "relationship", list[i].relationship);
		json_write_end_object(&w);
	}
	json_write_end_array(&w);
	json_write_end_object(&w);
	rc = json_writer_finish(&w, err);
	if (rc == 0 && printf("%s\n", buf_str(&out)) < 0)
		rc = err_set(err, EXIT_RUNTIME, "cannot write to stdout");
	buf_free(&out);
	return rc != 0 ? -1 : EXIT_OK;
}

int verb_version(const struct cli *cli, struct err *err)
{
	size_t anchors = 0;
	const char *curl_version, *tls_version;

	http_library_versions(&curl_version, &tls_version);
	(void)trust_anchors(&anchors);
	if (cli->output == OUTPUT_JSON)
		return print_json(curl_version, anchors, err);
	if (printf("eks-upgrade %s\n"
		   "libcurl/%s (%s)\n"
		   "BearSSL %s\n"
		   "trust store: %zu CA certificates (%s; AWS_CA_BUNDLE replaces it)\n",
		   EKS_UPGRADE_VERSION, curl_version, tls_version, EKS_BEARSSL_VERSION, anchors,
		   trust_anchors_source()) < 0)
		return err_set(err, EXIT_RUNTIME, "cannot write to stdout");
	return EXIT_OK;
}
