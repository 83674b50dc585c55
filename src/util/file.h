/* file — reading a whole small file named by a variable or a config key
 * (token files, config and credentials files, CA bundles) without letting
 * what it names hold or flood the program.
 *
 * The file is opened with O_NONBLOCK, so a FIFO with no writer or a device
 * cannot block the open past --timeout, and it must then be a regular file
 * (not a FIFO, a device such as /dev/zero, a directory or a socket) of at
 * most `max` bytes; only then is it read, and never more than max + 1
 * bytes, so a file that grows meanwhile is still caught.
 */
#ifndef EKS_FILE_H
#define EKS_FILE_H

#include <stddef.h>

#include "util/buf.h"

enum file_result {
	FILE_OK = 0,
	FILE_MISSING,	  /* ENOENT / ENOTDIR */
	FILE_NOT_REGULAR, /* a FIFO, a device, a directory, a socket */
	FILE_TOO_LARGE,	  /* more than max bytes */
	FILE_ERROR,	  /* open/read failed or out of memory: see *error (an errno) */
};

/* Appends the file's bytes to `out` (the caller initialises it: with
 * buf_init_secure or buf_init_secret for a secret, and a max of at least
 * max). On anything but FILE_OK what was read is wiped from out. */
enum file_result file_read(const char *path, size_t max, struct buf *out, int *error);

/* A short reason for a result ("not a regular file", "larger than N
 * bytes", strerror(error)), for messages that name the file themselves. */
const char *file_result_text(enum file_result result, int error, size_t max, char *scratch,
			     size_t cap);

#endif
