/* verbs — the commands. Each is a coordinator: a short list of guarded
 * steps over the modules below it. A verb returns the exit code it ends with
 * (SPEC §6: 0, 3, 4, 5, 6, 130, 143) or -1 with the failure recorded in err.
 */
#ifndef EKS_VERBS_H
#define EKS_VERBS_H

#include <signal.h>

#include "aws.h"
#include "cli.h"
#include "err.h"

int verb_version(const struct cli *cli, struct err *err);
int verb_whoami(const struct cli *cli, struct err *err);
int verb_plan(const struct cli *cli, struct err *err);
int verb_apply(const struct cli *cli, struct err *err);
int verb_poll(const struct cli *cli, struct err *err);
int verb_token(const struct cli *cli, struct err *err);

/* Shared by the verbs (verb_common.c). */

/* The signal that asked us to stop (SIGINT/SIGTERM), or 0. */
extern volatile sig_atomic_t verb_stop_signal;

/* Installs the SIGINT/SIGTERM handlers and makes the process non-dumpable
 * while it holds credentials, then sets up the AWS client from the common
 * options. */
int verb_aws_init(const struct cli *cli, struct aws *aws, struct err *err) MUST_CHECK;

struct out;
struct checks_request;
/* Output settings from the common options and the environment. */
void verb_out_init(const struct cli *cli, struct out *out);
/* The plan's inputs from the command line. */
struct checks_request verb_checks_request(const struct cli *cli);

struct eks_update;
/* apply/poll: prints how a followed update ended; returns the exit code
 * (0, 4, 5, 130, 143) or -1. `outcome` is an enum follow_outcome. */
/* apply/poll ended on an error (-1): with --output json the result event
 * still ends the stream (status Error, or Interrupted for SIGINT/SIGTERM,
 * with the resume command when an update is known). */
void verb_report_failure(struct out *out, const struct cli *cli, const char *region,
			 const char *update_id, const struct err *failure);

int verb_report_update(struct aws *aws, struct out *out, const struct cli *cli,
		       const struct eks_update *update, int outcome, const char *resume,
		       struct err *err);

#endif
