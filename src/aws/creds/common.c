#include "aws/creds/common.h"

#include <stdlib.h>
#include <string.h>

#include "util/file.h"

int creds_read_secret_file(const char *path, const char *what, struct buf *out, struct err *err)
{
	char why[64];
	int error;
	enum file_result got;

	buf_init(out, CREDS_FILE_MAX + 1);
	if (path == NULL || path[0] == '\0')
		return err_set(err, EXIT_RUNTIME, "%s: no file name given", what);
	/* Allocated once at its size so no partial copy is left in freed
	 * memory; file_read neither blocks on a FIFO nor reads a device. */
	if (buf_init_secret(out, CREDS_FILE_MAX + 1) != 0)
		return err_set(err, EXIT_RUNTIME, "%s %s: out of memory", what, path);
	got = file_read(path, CREDS_FILE_MAX, out, &error);
	if (got != FILE_OK) {
		err_set(err, EXIT_RUNTIME, "%s %s: %s", what, path,
			file_result_text(got, error, CREDS_FILE_MAX, why, sizeof(why)));
		goto fail;
	}
	if (out->len == 0) {
		err_set(err, EXIT_RUNTIME, "%s %s: the file is empty", what, path);
		goto fail;
	}
	if (strlen(out->data) != out->len) {
		err_set(err, EXIT_RUNTIME, "%s %s: the file holds a NUL byte", what, path);
		goto fail;
	}
	return 0;
fail:
	buf_wipe(out);
	return -1;
}

static int read_fields(const struct json_doc *doc, const char *token_key, bool temporary,
		       struct creds *out, struct err *err)
{
	char expiration[64];
	int r;

	if (json_get_string(doc, 0, "AccessKeyId", out->access_key_id, sizeof(out->access_key_id),
			    err) != 0)
		return -1;
	if (json_get_string(doc, 0, "SecretAccessKey", out->secret_access_key,
			    sizeof(out->secret_access_key), err) != 0)
		return -1;
	if (out->access_key_id[0] == '\0' || out->secret_access_key[0] == '\0') {
		err_set(err, EXIT_RUNTIME, "%s: empty",
			out->access_key_id[0] == '\0' ? "AccessKeyId" : "SecretAccessKey");
		return -1;
	}
	if (temporary)
		r = json_get_string(doc, 0, token_key, out->session_token,
				    sizeof(out->session_token), err);
	else
		r = json_get_string_opt(doc, 0, token_key, out->session_token,
					sizeof(out->session_token), err);
	if (r < 0)
		return -1;
	if (temporary && out->session_token[0] == '\0') {
		err_set(err, EXIT_RUNTIME, "%s: empty", token_key);
		return -1;
	}
	if (temporary)
		r = json_get_string(doc, 0, "Expiration", expiration, sizeof(expiration), err);
	else
		r = json_get_string_opt(doc, 0, "Expiration", expiration, sizeof(expiration), err);
	if (r < 0)
		return -1;
	if (r == 0 && creds_parse_time(expiration, &out->expiration) != 0) {
		err_set(err, EXIT_RUNTIME, "Expiration: not an ISO-8601 time: \"%.40s\"",
			expiration);
		return -1;
	}
	return 0;
}

int creds_parse_json(const char *json, size_t len, const char *token_key, bool temporary,
		     creds_json_check check, struct creds *out, struct err *err)
{
	struct json_doc doc = {0};
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (json_parse_object(&doc, json, len, err) != 0)
		goto out;
	if (check != NULL && check(&doc, err) != 0)
		goto out;
	if (read_fields(&doc, token_key, temporary, out, err) != 0)
		goto out;
	rc = 0;
out:
	json_doc_free(&doc);
	if (rc != 0)
		creds_wipe(out);
	return rc;
}
