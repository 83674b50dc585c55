/* poll — follow the cluster's update in progress (or --update-id) to its
 * end; with none in progress, report the newest version update's outcome.
 * How a cancelled or timed-out CI job resumes. */
#include <string.h>

#include "eks.h"
#include "follow.h"
#include "out.h"
#include "str.h"
#include "verbs.h"

/* The update to follow: the newest InProgress one, else the newest
 * VersionUpdate; NULL when the cluster has none. */
static const struct eks_update *pick(const struct eks_state *s)
{
	const struct eks_update *newest_version = NULL;

	for (size_t i = 0; i < s->update_count; i++) {
		const struct eks_update *u = &s->updates[i];

		if (!u->result.ok)
			continue;
		if (strcmp(u->status, "InProgress") == 0)
			return u;
		if (strcmp(u->type, "VersionUpdate") == 0 &&
		    (newest_version == NULL || u->created_at > newest_version->created_at))
			newest_version = u;
	}
	return newest_version;
}

int verb_poll(const struct cli *cli, struct err *err)
{
	struct aws aws;
	struct out out;
	struct eks_state state;
	struct eks_update update;
	char resume[1024], id[128] = "";
	enum follow_outcome outcome = FOLLOW_ENDED;
	int64_t started = follow_now_ms();
	int rc = -1;

	memset(&state, 0, sizeof(state));
	memset(&update, 0, sizeof(update));
	verb_out_init(cli, &out);
	if (verb_aws_init(cli, &aws, err) != 0)
		goto out;
	aws.deadline_ms = started + cli->timeout_ms;
	if (cli->update_id != NULL) {
		(void)str_copy(id, sizeof(id), cli->update_id);
	} else {
		const struct eks_update *found;

		if (eks_read_updates(&aws, cli->cluster, &state, err) != 0)
			goto out;
		/* An update we could not describe might be the one running:
		 * never fall back to an older one in its place. */
		for (size_t i = 0; i < state.update_count; i++) {
			const struct eks_update *u = &state.updates[i];

			if (!u->result.ok) {
				err_set(err, EXIT_RUNTIME, "DescribeUpdate %s: %s: %s", u->id,
					u->result.code, u->result.message);
				goto out;
			}
		}
		found = pick(&state);
		if (found == NULL) {
			struct out_result none = {
			    .status = "NoUpdate", .cluster = cli->cluster, .exit_code = EXIT_OK};

			rc = out_result(&out, &none, err) != 0 ? -1 : EXIT_OK;
			goto out;
		}
		(void)str_copy(id, sizeof(id), found->id);
	}
	if (out_resume_command(resume, sizeof(resume), cli->cluster, aws.region, cli->profile,
			       id) != 0)
		(void)str_copy(resume, sizeof(resume), "eks-upgrade poll --cluster ...");
	{
		struct follow f = {cli->cluster, id, started + cli->timeout_ms,
				   cli->poll_interval_ms, started};

		if (follow_update(&aws, &out, &f, &update, &outcome, err) != 0)
			goto out;
	}
	rc = verb_report_update(&aws, &out, cli, &update, outcome, resume, err);
out:
	if (rc < 0)
		verb_report_failure(&out, cli, aws.region, update.id[0] ? update.id : id, err);
	eks_state_free(&state);
	aws_free(&aws);
	return rc;
}
