/* verbs — the commands. Each is a coordinator: a short list of guarded
 * steps over the modules below it. A verb returns the exit code it ends with
 * (SPEC §6: 0, 3, 4, 5, 6, 130, 143) or -1 with the failure recorded in err.
 */
#ifndef EKS_VERBS_H
#define EKS_VERBS_H

#include "cli.h"
#include "err.h"

int verb_version(const struct cli *cli, struct err *err);

#endif
