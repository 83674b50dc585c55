/* err — how failures travel up to main.
 *
 * Every fallible function returns 0 on success or -1 on failure, and records
 * the details once, in the caller-owned struct err it was given: the exit
 * code the failure maps to (SPEC §6) and a one-line message. Callers above
 * only propagate the -1; main prints the message and exits with the code.
 * Nothing below main calls exit().
 */
#ifndef EKS_ERR_H
#define EKS_ERR_H

#include <stddef.h>

#define MUST_CHECK __attribute__((warn_unused_result))
#define PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))

/* Exit codes, SPEC §6. */
enum exit_code {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,	/* credentials, network, TLS, AWS error, bad response */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_BLOCKED = 3,	/* a pre-flight check failed or the target is invalid */
	EXIT_UPDATE_FAILED = 4, /* the update ended Failed or Cancelled */
	EXIT_TIMEOUT = 5,	/* --timeout reached while the update still runs */
	EXIT_CHANGES = 6,	/* plan --detailed-exitcode: an upgrade is available */
	EXIT_PARTIAL = 7,	/* some steps or actions done, a later one failed or blocked */
	EXIT_SIGINT = 130,
	EXIT_SIGTERM = 143,
};

struct err {
	int exit_code;	    /* enum exit_code; 0 while nothing failed */
	char message[1024]; /* one line, no trailing newline */
};

/* Records the failure (the first one wins; later calls keep it) and
 * returns -1 so callers can write `return err_set(...)`. */
int err_set(struct err *err, int exit_code, const char *fmt, ...) PRINTF_LIKE(3, 4);

/* Prepends context ("reading ~/.aws/config: ") to an already recorded
 * message; returns -1. */
int err_prefix(struct err *err, const char *fmt, ...) PRINTF_LIKE(2, 3);

void err_clear(struct err *err);

/* The exit code for a stop by signal `sig`: 143 for SIGTERM, else 130. */
int err_signal_exit_code(int sig);

#endif
