/* env — reading the environment the way the AWS tools do: a variable that
 * is set but empty counts as unset (botocore's os.environ.get(...) or None
 * followed by a truthiness test).
 */
#ifndef EKS_ENV_H
#define EKS_ENV_H

#include <stdbool.h>

/* The variable's value, or NULL when it is unset or empty. */
const char *env_get(const char *name);

/* True when the variable is "true" (any case), as AWS_USE_FIPS_ENDPOINT. */
bool env_true(const char *name);

#endif
