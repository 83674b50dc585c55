/* Unit tests for util/file.c (issue 13, item 5): a FIFO, a device or a
 * directory is never read, an oversized file is refused, and nothing read
 * is left behind on failure. */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "unit.h"
#include "util/clock.h"

static char dir[] = "/tmp/eks-upgrade-file-XXXXXX";

static const char *path_of(const char *name)
{
	static char path[128];

	(void)snprintf(path, sizeof(path), "%s/%s", dir, name);
	return path;
}

static void write_file(const char *name, const char *text)
{
	FILE *f = fopen(path_of(name), "w");

	if (f != NULL) {
		fputs(text, f);
		fclose(f);
	}
}

TEST(regular_file_is_read)
{
	struct buf b;
	int error;

	write_file("ok", "token-value\n");
	buf_init_secure(&b, 64);
	CHECK(file_read(path_of("ok"), 64, &b, &error) == FILE_OK);
	CHECK_STR(buf_str(&b), "token-value\n");
	buf_free(&b);
}

TEST(special_files_are_not_read)
{
	struct buf b;
	int error;
	int64_t t = clock_monotonic_ms();

	CHECK(mkfifo(path_of("fifo"), 0600) == 0);
	buf_init(&b, 1024);
	/* No writer: a blocking open would wait here for ever. */
	CHECK(file_read(path_of("fifo"), 1024, &b, &error) == FILE_NOT_REGULAR);
	CHECK(file_read("/dev/zero", 1024, &b, &error) == FILE_NOT_REGULAR);
	CHECK(file_read(dir, 1024, &b, &error) == FILE_NOT_REGULAR);
	CHECK(b.len == 0);
	CHECK(clock_monotonic_ms() - t < 1000);
	buf_free(&b);
}

TEST(missing_and_too_large)
{
	struct buf b;
	char why[64];
	int error;

	buf_init(&b, 1024);
	CHECK(file_read(path_of("none"), 1024, &b, &error) == FILE_MISSING);
	CHECK(file_read("/etc/passwd/x", 1024, &b, &error) == FILE_MISSING);
	write_file("big", "0123456789");
	CHECK(file_read(path_of("big"), 9, &b, &error) == FILE_TOO_LARGE);
	CHECK(b.len == 0);
	CHECK_STR(file_result_text(FILE_TOO_LARGE, 0, 9, why, sizeof(why)), "larger than 9 bytes");
	CHECK(strstr(file_result_text(FILE_NOT_REGULAR, 0, 9, why, sizeof(why)), "regular") !=
	      NULL);
	CHECK(file_read(path_of("big"), 10, &b, &error) == FILE_OK && b.len == 10);
	buf_free(&b);
}

int main(void)
{
	if (mkdtemp(dir) == NULL)
		return 1;
	RUN(regular_file_is_read);
	RUN(special_files_are_not_read);
	RUN(missing_and_too_large);
	unlink(path_of("ok"));
	unlink(path_of("fifo"));
	unlink(path_of("big"));
	rmdir(dir);
	return unit_done("file");
}
