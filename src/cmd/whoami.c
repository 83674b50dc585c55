/* whoami — STS GetCallerIdentity through the whole stack: the first command
 * to run when a pipeline's credentials misbehave. */
#include <stdio.h>
#include <string.h>

#include "aws/sts.h"
#include "cmd/session.h"
#include "cmd/verbs.h"
#include "util/json.h"
#include "util/text.h"

int verb_whoami(const struct cli *cli, struct err *err)
{
	struct session session;
	struct aws *aws = &session.client;
	struct sts_identity id;
	int rc = -1;

	if (session_open(&session, cli, err) != 0)
		goto out;
	if (sts_get_caller_identity(aws, &id, err) != 0)
		goto out;
	if (cli->output == OUTPUT_JSON) {
		struct buf out;
		struct json_writer w;

		buf_init(&out, 8192);
		json_writer_init(&w, &out);
		json_write_begin_object(&w);
		json_write_key_string(&w, "account", id.account);
		json_write_key_string(&w, "arn", id.arn);
		json_write_key_string(&w, "userId", id.user_id);
		json_write_key(&w, "region");
		if (aws->region[0])
			json_write_string(&w, aws->region);
		else
			json_write_null(&w);
		json_write_key_string(&w, "source", session.creds.creds.source);
		json_write_end_object(&w);
		if (json_writer_finish(&w, err) != 0) {
			buf_free(&out);
			goto out;
		}
		printf("%s\n", buf_str(&out));
		buf_free(&out);
	} else {
		/* What STS said is shown escaped (util/text.h), like all text. */
		const char *const labels[] = {
		    "Account: ", "ARN:     ", "UserId:  ", "Region:  ", "Source:  "};
		const char *const values[] = {id.account, id.arn, id.user_id,
					      aws->region[0] ? aws->region : "(none)",
					      session.creds.creds.source};

		for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
			fputs(labels[i], stdout);
			(void)text_fputs(stdout, values[i]);
			fputc('\n', stdout);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		err_set(err, EXIT_RUNTIME, "writing output: cannot write to stdout");
		goto out;
	}
	rc = EXIT_OK;
out:
	session_close(&session);
	return rc;
}
