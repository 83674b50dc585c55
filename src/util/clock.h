/* clock — monotonic time and interruptible sleep.
 *
 * Deadlines (--timeout, retry back-off, polling) are kept in monotonic
 * milliseconds so a wall-clock jump cannot stretch or cut them. Sleeps go in
 * 100 ms steps and stop as soon as the caller's cancel flag (raised by the
 * SIGINT/SIGTERM handler) is set.
 */
#ifndef EKS_CLOCK_H
#define EKS_CLOCK_H

#include <signal.h>
#include <stdint.h>

/* Milliseconds on CLOCK_MONOTONIC. */
int64_t clock_monotonic_ms(void);

/* Sleeps `ms` milliseconds; -1 as soon as *cancel is non-zero (cancel may
 * be NULL: never interrupted), 0 otherwise. */
int clock_sleep_ms(int64_t ms, const volatile sig_atomic_t *cancel);

/* A random number from the kernel (getrandom), for jitter; never fails:
 * without getrandom it falls back to a hash of the time. */
uint32_t clock_random_u32(void);

#endif
