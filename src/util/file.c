#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum file_result file_read(const char *path, size_t max, struct buf *out, int *error)
{
	struct stat st;
	enum file_result rc = FILE_ERROR;
	size_t start = out->len;
	int fd;

	*error = 0;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*error = errno;
		return errno == ENOENT || errno == ENOTDIR ? FILE_MISSING : FILE_ERROR;
	}
	if (fstat(fd, &st) != 0) {
		*error = errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = FILE_NOT_REGULAR;
		goto out;
	}
	if (st.st_size < 0 || (unsigned long long)st.st_size > max) {
		rc = FILE_TOO_LARGE;
		goto out;
	}
	for (;;) {
		char chunk[4096];
		size_t want = max + 1 - (out->len - start);
		ssize_t n;

		if (want > sizeof(chunk))
			want = sizeof(chunk);
		n = read(fd, chunk, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*error = errno;
			explicit_bzero(chunk, sizeof(chunk));
			goto out;
		}
		if (n == 0)
			break;
		if (out->len - start + (size_t)n > max) {
			explicit_bzero(chunk, sizeof(chunk));
			rc = FILE_TOO_LARGE;
			goto out;
		}
		if (buf_append(out, chunk, (size_t)n) != 0) {
			explicit_bzero(chunk, sizeof(chunk));
			*error = ENOMEM;
			goto out;
		}
		explicit_bzero(chunk, sizeof(chunk));
	}
	rc = FILE_OK;
out:
	close(fd);
	if (rc != FILE_OK && out->data != NULL) {
		explicit_bzero(out->data + start, out->len - start);
		out->len = start;
		out->data[start] = '\0';
	}
	return rc;
}

const char *file_result_text(enum file_result result, int error, size_t max, char *scratch,
			     size_t cap)
{
	switch (result) {
	case FILE_OK:
		return "read";
	case FILE_MISSING:
		return strerror(error ? error : ENOENT);
	case FILE_NOT_REGULAR:
		return "not a regular file (a FIFO, a device or a directory is not read)";
	case FILE_TOO_LARGE:
		(void)snprintf(scratch, cap, "larger than %zu bytes", max);
		return scratch;
	case FILE_ERROR:
		break;
	}
	return strerror(error ? error : EIO);
}
