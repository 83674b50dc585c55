#include "util/env.h"

#include <stdlib.h>
#include <strings.h>

const char *env_get(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

bool env_true(const char *name)
{
	const char *v = env_get(name);

	return v != NULL && strcasecmp(v, "true") == 0;
}
