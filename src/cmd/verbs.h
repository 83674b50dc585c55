/* verbs — the commands, one file each. Each is a coordinator: a short list
 * of guarded steps over the session (session.c) and the upgrade layer. A
 * verb returns the exit code it ends with (SPEC §6: 0, 3, 4, 5, 6, 130,
 * 143) or -1 with the failure recorded in err.
 */
#ifndef EKS_VERBS_H
#define EKS_VERBS_H

#include "cmd/cli.h"
#include "upgrade/checks.h"
#include "upgrade/engine.h"
#include "upgrade/out.h"
#include "util/err.h"

int verb_version(const struct cli *cli, struct err *err);
int verb_whoami(const struct cli *cli, struct err *err);
int verb_plan(const struct cli *cli, struct err *err);
int verb_apply(const struct cli *cli, struct err *err);
/* rollback: apply with the target one minor down (SPEC §10). */
int verb_rollback(const struct cli *cli, struct err *err);
int verb_poll(const struct cli *cli, struct err *err);
int verb_token(const struct cli *cli, struct err *err);

/* The command line turned into the upgrade layer's settings (options.c). */

/* Output settings from the common options and the environment. */
void options_out(const struct cli *cli, struct out *out);

/* The plan's inputs. */
struct checks_request options_checks(const struct cli *cli);

/* The engine over `aws` and `out`, with the run's deadline counted from
 * `started_ms` (monotonic). */
struct engine options_engine(const struct cli *cli, struct aws *aws, struct out *out,
			     int64_t started_ms);

#endif
