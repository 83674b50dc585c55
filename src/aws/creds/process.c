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
#include "util/text.h"

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

/* After the process exited: what it wrote is in the pipe already; read it
 * without waiting for an EOF that a background child holding the pipe
 * would never give. */
static int drain_rest(int *fd, struct buf *b, bool strict)
{
	char chunk[4096];
	int rc = 0;

	if (*fd < 0)
		return 0;
	(void)fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) | O_NONBLOCK);
	for (;;) {
		ssize_t n = read(*fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) /* EOF, or nothing more now (EAGAIN) */
			break;
		if (buf_append(b, chunk, (size_t)n) != 0 && strict) {
			rc = -1;
			break;
		}
	}
	explicit_bzero(chunk, sizeof(chunk));
	close_fd(fd);
	return rc;
}

/* The first line of the process's stderr, escaped like any text shown
 * (util/text.h: C0 and C1 controls, bidi overrides and bad UTF-8 visible). */
static void first_line(const struct buf *b, char *out, size_t cap)
{
	const char *s = buf_str(b);
	char raw[FIRST_LINE_MAX + 1];
	size_t n;

	while (*s == '\n' || *s == '\r' || *s == ' ')
		s++;
	n = strcspn(s, "\r\n");
	if (n > FIRST_LINE_MAX)
		n = FIRST_LINE_MAX;
	memcpy(raw, s, n);
	while (n > 0 && raw[n - 1] == ' ')
		n--;
	raw[n] = '\0';
	(void)text_escape_to(out, cap, raw);
}

/* Whether the process has exited, without reaping it: while it is a
 * zombie its pid, and so its process group's id, cannot be reused, so
 * the group can still be killed safely. */
static bool exited(pid_t pid)
{
	siginfo_t info;

	memset(&info, 0, sizeof(info));
	return waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
	       info.si_pid == pid;
}

/* The terminal, if we hold it in the foreground: the process runs in its
 * own group, which gets the terminal while it runs (a command may prompt
 * on /dev/tty for an MFA code) and gives it back after. */
struct terminal {
	int fd;
	pid_t ours;
};

static void terminal_hand_over(struct terminal *t, pid_t group)
{
	t->fd = -1;
	if (!isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp())
		return;
	t->fd = STDIN_FILENO;
	t->ours = getpgrp();
	(void)tcsetpgrp(t->fd, group);
	/* It may have tried the terminal before it was its own: go on. */
	(void)kill(-group, SIGCONT);
}

static void terminal_take_back(struct terminal *t)
{
	sigset_t block, old;

	if (t->fd < 0)
		return;
	/* A background group calling tcsetpgrp gets SIGTTOU: blocked here. */
	sigemptyset(&block);
	sigaddset(&block, SIGTTOU);
	(void)sigprocmask(SIG_BLOCK, &block, &old);
	(void)tcsetpgrp(t->fd, t->ours);
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
	t->fd = -1;
}

int creds_process_run(struct aws *aws, const char *command, long timeout_ms, struct creds *out,
		      struct err *err)
{
	struct creds_process_argv args;
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	sigset_t defaults;
	bool have_actions = false, have_attr = false, running = false;
	struct buf stdout_buf, stderr_buf;
	struct terminal tty = {-1, 0};
	int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
	int status = 0, rc = -1, e;
	pid_t pid = -1;
	int64_t deadline;
	char line[4 * FIRST_LINE_MAX + 1];

	memset(out, 0, sizeof(*out));
	buf_init(&stderr_buf, STDERR_KEEP);
	/* Allocated once at its maximum: growing by realloc would leave partial
	 * copies of the secrets in freed memory. */
	if (buf_init_secret(&stdout_buf, CREDS_FILE_MAX) != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: out of memory");
		goto out;
	}
	if (timeout_ms <= 0)
		timeout_ms = CREDS_PROCESS_TIMEOUT_MS;
	/* --timeout bounds the process too (issue 13, item 6). */
	if (aws != NULL && aws->deadline_ms > 0) {
		int64_t left = aws->deadline_ms - clock_monotonic_ms();

		if (left < timeout_ms)
			timeout_ms = left > 1 ? (long)left : 1;
	}
	if (creds_process_split(command, &args, err) != 0)
		goto out;
	if (make_pipe(out_pipe, err) != 0 || make_pipe(err_pipe, err) != 0)
		goto out;
	if (posix_spawn_file_actions_init(&actions) != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: out of memory");
		goto out;
	}
	have_actions = true;
	if (posix_spawnattr_init(&attr) != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: out of memory");
		goto out;
	}
	have_attr = true;
	/* Its own process group, so that it and whatever it starts can be
	 * ended together; SIGPIPE back to the default we ignore. */
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGPIPE);
	if (posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO) != 0 ||
	    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO) != 0 ||
	    posix_spawnattr_setpgroup(&attr, 0) != 0 ||
	    posix_spawnattr_setsigdefault(&attr, &defaults) != 0 ||
	    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF) != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: out of memory");
		goto out;
	}
	aws_debug(aws, "credential_process: running %s (%d argument%s)", args.argv[0],
		  args.argc - 1, args.argc == 2 ? "" : "s");
	e = posix_spawnp(&pid, args.argv[0], &actions, &attr, args.argv, environ);
	if (e != 0) {
		err_set(err, EXIT_RUNTIME, "credential_process: cannot run %s: %s", args.argv[0],
			strerror(e));
		goto out;
	}
	running = true;
	terminal_hand_over(&tty, pid);
	close_fd(&out_pipe[1]);
	close_fd(&err_pipe[1]);

	/* Until the process itself exits (not until EOF: a background child
	 * may hold the pipes open for ever), reading as it writes. */
	deadline = clock_monotonic_ms() + timeout_ms;
	while (!exited(pid)) {
		struct pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
		int64_t left = deadline - clock_monotonic_ms();
		int n;

		if (aws && aws->cancel && *aws->cancel) {
			err_set(err, err_signal_exit_code(*aws->cancel),
				"credential_process: interrupted");
			goto out;
		}
		if (left <= 0) {
			err_set(err, EXIT_RUNTIME,
				"credential_process: %s did not finish within %ld.%ld s",
				args.argv[0], timeout_ms / 1000, timeout_ms % 1000 / 100);
			goto out;
		}
		n = poll(fds, 2, left < 50 ? (int)left : 50);
		if (n < 0 && errno != EINTR) {
			err_set(err, EXIT_RUNTIME, "credential_process: poll: %s", strerror(errno));
			goto out;
		}
		if (n <= 0)
			continue;
		if (fds[0].revents != 0 && drain(&out_pipe[0], &stdout_buf, true) != 0)
			goto too_much;
		if (fds[1].revents != 0)
			(void)drain(&err_pipe[0], &stderr_buf, false);
	}
	/* Whatever it left running in its group ends with it, before its
	 * last output is read: nothing can add to the pipes after that. */
	(void)kill(-pid, SIGKILL);
	terminal_take_back(&tty);
	if (drain_rest(&out_pipe[0], &stdout_buf, true) != 0)
		goto too_much;
	(void)drain_rest(&err_pipe[0], &stderr_buf, false);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
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
	if (creds_process_parse(buf_str(&stdout_buf), stdout_buf.len, out, err) != 0) {
		err_prefix(err, "credential_process: output of %s: ", args.argv[0]);
		goto out;
	}
	rc = 0;
	goto out;
too_much:
	err_set(err, EXIT_RUNTIME, "credential_process: %s printed more than %u bytes",
		args.argv[0], CREDS_FILE_MAX);
out:
	if (running) {
		/* The whole group: a shell's children too. */
		(void)kill(-pid, SIGKILL);
		(void)kill(pid, SIGKILL);
		terminal_take_back(&tty);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	if (have_actions)
		posix_spawn_file_actions_destroy(&actions);
	if (have_attr)
		posix_spawnattr_destroy(&attr);
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
