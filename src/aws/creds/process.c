/* credential_process: an external command prints the credentials as JSON
 * on stdout (conventions §1.4). The command line is split shell-style and
 * run without a shell; its output is bounded, its run time too. */
#include "aws/creds/common.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aws/client.h"
#include "util/clock.h"
#include "util/str.h"

extern char **environ;

#define STDERR_KEEP 4096 /* of the process's stderr, for the message */
#define FIRST_LINE_MAX 300

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int put(struct creds_process_argv *out, size_t *used, char c, struct err *err)
{
	if (*used >= sizeof(out->text) - 1)
		return err_set(err, EXIT_RUNTIME,
			       "credential_process: command line longer than %zu bytes",
			       sizeof(out->text) - 1);
	out->text[(*used)++] = c;
	return 0;
}

int creds_process_split(const char *command, struct creds_process_argv *out, struct err *err)
{
	const char *p = command;
	size_t used = 0;

	memset(out, 0, sizeof(*out));
	for (;;) {
		while (is_blank(*p))
			p++;
		if (*p == '\0')
			break;
		if (out->argc == CREDS_PROCESS_MAX_ARGS)
			return err_set(err, EXIT_RUNTIME,
				       "credential_process: more than %d arguments",
				       CREDS_PROCESS_MAX_ARGS);
		out->argv[out->argc++] = out->text + used;
		while (*p != '\0' && !is_blank(*p)) {
			if (*p == '\'') {
				for (p++; *p != '\0' && *p != '\''; p++)
					if (put(out, &used, *p, err) != 0)
						return -1;
				if (*p == '\0')
					return err_set(
					    err, EXIT_RUNTIME,
					    "credential_process: no closing quotation (')");
				p++;
			} else if (*p == '"') {
				for (p++; *p != '\0' && *p != '"'; p++) {
					if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
						p++;
					if (put(out, &used, *p, err) != 0)
						return -1;
				}
				if (*p == '\0')
					return err_set(
					    err, EXIT_RUNTIME,
					    "credential_process: no closing quotation (\")");
				p++;
			} else if (*p == '\\') {
				if (p[1] == '\0')
					return err_set(
					    err, EXIT_RUNTIME,
					    "credential_process: ends with a lone backslash");
				if (put(out, &used, p[1], err) != 0)
					return -1;
				p += 2;
			} else {
				if (put(out, &used, *p, err) != 0)
					return -1;
				p++;
			}
		}
		if (put(out, &used, '\0', err) != 0)
			return -1;
	}
	if (out->argc == 0)
		return err_set(err, EXIT_RUNTIME, "credential_process: the command is empty");
	out->argv[out->argc] = NULL;
	return 0;
}

/* Version must be the number 1 (botocore compares with ==, so 1.0 too). */
static int check_version(const struct json_doc *doc, struct err *err)
{
	int v = json_object_get(doc, 0, "Version");
	double version = 0;

	if (json_type(doc, v) == JSON_MISSING || json_type(doc, v) == JSON_NULL)
		return err_set(err, EXIT_RUNTIME, "Version: missing");
	if (json_type(doc, v) != JSON_NUMBER || json_double(doc, v, &version, err) != 0 ||
	    version != 1) {
		err_clear(err);
		return err_set(err, EXIT_RUNTIME, "Version: must be the number 1");
	}
	return 0;
}

int creds_process_parse(const char *json, size_t len, struct creds *out, struct err *err)
{
	return creds_parse_json(json, len, "SessionToken", false, check_version, out, err);
}

static int make_pipe(int fds[2], struct err *err)
{
	if (pipe(fds) != 0)
		return err_set(err, EXIT_RUNTIME, "credential_process: pipe: %s", strerror(errno));
	/* Our ends must not leak into the child (or later children). */
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Reads what is available on *fd into b; past b's max the bytes are
 * dropped (stderr) or the read fails (stdout, `strict`). EOF closes *fd. */
static int drain(int *fd, struct buf *b, bool strict)
{
	char chunk[4096];
	ssize_t n = read(*fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0) {
		close_fd(fd);
		return 0;
	}
	if (buf_append(b, chunk, (size_t)n) != 0 && strict) {
		explicit_bzero(chunk, sizeof(chunk));
		return -1;
	}
	explicit_bzero(chunk, sizeof(chunk));
	return 0;
}

/* The first line of the process's stderr, printable characters only. */
static void first_line(const struct buf *b, char *out, size_t cap)
{
	const char *s = buf_str(b);
	size_t o = 0;

	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	for (; *s != '\0' && *s != '\n' && *s != '\r' && o + 1 < cap && o < FIRST_LINE_MAX; s++)
		out[o++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

static int wait_child(pid_t pid, int *status, long deadline, const struct aws *aws)
{
	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if ((long)clock_monotonic_ms() >= deadline ||
		    clock_sleep_ms(10, aws ? aws->cancel : NULL) != 0)
			return 1;
	}
}

int creds_process_run(struct aws *aws, const char *command, long timeout_ms, struct creds *out,
		      struct err *err)
{
	struct creds_process_argv args;
	posix_spawn_file_actions_t actions;
	bool have_actions = false, running = false;
	struct buf stdout_buf, stderr_buf;
	int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
	int status = 0, rc = -1, e;
	pid_t pid = -1;
	long deadline;
	char line[FIRST_LINE_MAX + 1];

	memset(out, 0, sizeof(*out));
	buf_init(&stdout_buf, CREDS_FILE_MAX);
	buf_init(&stderr_buf, STDERR_KEEP);
	/* Allocated once at its maximum: growing by realloc would leave partial
	 * copies of the secrets in freed memory. */
	stdout_buf.data = malloc(CREDS_FILE_MAX + 1);
	if (stdout_buf.data == NULL) {
		err_set(err, EXIT_RUNTIME, "credential_process: out of memory");
		goto out;
	}
	stdout_buf.cap = CREDS_FILE_MAX + 1;
	stdout_buf.data[0] = '\0';
	if (timeout_ms <= 0)
		timeout_ms = CREDS_PROCESS_TIMEOUT_MS;
	if (creds_process_split(command, &args, err) != 0)
		goto out;
	if (make_pipe(out_pipe, err) != 0 || make_pipe(err_pipe, err) != 0)
		goto out;
	if (posix_spawn_file_actions_init(&actions) != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: out of memory");
		goto out;
	}
	have_actions = true;
	if (posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO) != 0 ||
	    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO) != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: out of memory");
		goto out;
	}
	aws_debug(aws, "credential_process: running %s (%d argument%s)", args.argv[0],
		  args.argc - 1, args.argc == 2 ? "" : "s");
	e = posix_spawnp(&pid, args.argv[0], &actions, NULL, args.argv, environ);
	if (e != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: cannot run %s: %s", args.argv[0],
			strerror(e));
		goto out;
	}
	running = true;
	close_fd(&out_pipe[1]);
	close_fd(&err_pipe[1]);

	deadline = (long)clock_monotonic_ms() + timeout_ms;
	while (out_pipe[0] >= 0 || err_pipe[0] >= 0) {
		struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
		long left = deadline - (long)clock_monotonic_ms();
		int n;

		if (aws && aws->cancel && *aws->cancel) {
			err_set(err, err_signal_exit_code(*aws->cancel),
				"credential_process: interrupted");
			goto out;
		}
		if (left <= 0) {
			err_set(err, EXIT_RUNTIME,
				"credential_process: %s did not finish within %ld s", args.argv[0],
				timeout_ms / 1000);
			goto out;
		}
		n = poll(fds, 2, left < 200 ? (int)left : 200);
		if (n < 0 && errno != EINTR) {
			err_set(err, EXIT_RUNTIME, "credential_process: poll: %s", strerror(errno));
			goto out;
		}
		if (n <= 0)
			continue;
		if (fds[0].revents != 0 && drain(&out_pipe[0], &stdout_buf, true) != 0) {
			err_set(err, EXIT_RUNTIME,
				"credential_process: %s printed more than %u bytes", args.argv[0],
				CREDS_FILE_MAX);
			goto out;
		}
		if (fds[1].revents != 0)
			(void)drain(&err_pipe[0], &stderr_buf, false);
	}
	e = wait_child(pid, &status, deadline, aws);
	if (e != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: %s did not finish within %ld s",
			args.argv[0], timeout_ms / 1000);
		goto out;
	}
	running = false;
	first_line(&stderr_buf, line, sizeof(line));
	if (WIFSIGNALED(status)) {
		err_set(err, EXIT_RUNTIME, "credential_process: %s was killed by signal %d%s%s",
			args.argv[0], WTERMSIG(status), line[0] ? ": " : "", line);
		goto out;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: %s exited with status %d: %s",
			args.argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1,
			line[0] ? line : "(nothing on stderr)");
		goto out;
	}
	if (creds_process_parse(stdout_buf.data ? stdout_buf.data : "", stdout_buf.len, out, err) !=
	    0) {
		err_prefix(err, "credential_process: output of %s: ", args.argv[0]);
		goto out;
	}
	rc = 0;
out:
	if (running) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (have_actions)
		posix_spawn_file_actions_destroy(&actions);
	close_fd(&out_pipe[0]);
	close_fd(&out_pipe[1]);
	close_fd(&err_pipe[0]);
	close_fd(&err_pipe[1]);
	buf_wipe(&stdout_buf);
	buf_wipe(&stderr_buf);
	if (rc != 0)
		creds_wipe(out);
	return rc;
}
