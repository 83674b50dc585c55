"""Black-box tests of the command line (SPEC §2, §6): help, version, usage
errors and their exit codes, run against the real static binary."""
import os
import shutil
import subprocess
import tempfile
import unittest

from common import BINARY, run


class Version(unittest.TestCase):
    def test_version_names_program_and_libraries(self):
        r = run("version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^eks-upgrade \d+\.\d+\.\d+\n")
        self.assertIn("libcurl/8.14.1", r.stdout)
        self.assertIn("BearSSL 0.6", r.stdout)
        self.assertRegex(r.stdout, r"trust store: [1-9]\d* CA certificates")

    def test_dash_dash_version_alone_prints_version(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith("eks-upgrade "))

    def test_version_takes_no_options(self):
        r = run("version", "--region", "x")
        self.assertEqual(r.returncode, 2)


class Help(unittest.TestCase):
    def test_overview_without_arguments(self):
        r = run()
        self.assertEqual(r.returncode, 0)
        self.assertIn("Usage:", r.stdout)
        for cmd in ("plan", "apply", "poll", "whoami", "token", "version"):
            self.assertIn(f"eks-upgrade {cmd}", r.stdout)

    def test_help_for_each_command(self):
        for cmd in ("plan", "apply", "poll", "whoami", "token", "version"):
            for args in (("help", cmd), (cmd, "--help"), (cmd, "-h")):
                r = run(*args)
                self.assertEqual(r.returncode, 0, args)
                self.assertIn(f"Usage: eks-upgrade {cmd}", r.stdout, args)

    def test_help_anywhere_wins_over_bad_values(self):
        r = run("apply", "--cluster", "x", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--approve", r.stdout)
        # An error before it does not hide it (SPEC §2: "-h / --help anywhere").
        for args in (("plan", "--bogus", "--help"), ("plan", "--to", "bad", "-h"),
                     ("rollback", "--rollback-timeout", "1h", "--help")):
            r = run(*args)
            self.assertEqual(r.returncode, 0, (args, r.stderr))
            self.assertIn("Usage: eks-upgrade %s" % args[0], r.stdout, args)

    def test_help_for_unknown_command(self):
        r = run("help", "frobnicate")
        self.assertEqual(r.returncode, 2)


class UsageErrors(unittest.TestCase):
    """Every usage error: exit 2, one line on stderr, a hint, nothing on stdout."""

    cases = [
        (("frobnicate",), "unknown command"),
        (("plan",), "missing --cluster"),
        (("plan", "--cluster"), "missing value for --cluster"),
        (("plan", "--cluster", "x", "--approve"), "plan does not take --approve"),
        (("whoami", "--cluster", "x"), "whoami does not take --cluster"),
        (("poll", "--cluster", "x", "--to", "1.31"), "poll does not take --to"),
        (("plan", "--cluster", "x", "--bogus"), "unknown option: --bogus"),
        (("plan", "--cluster", "x", "--to", "1.3.1"), "invalid version"),
        (("plan", "--cluster", "x", "--to", "latest"), "invalid version"),
        (("plan", "--cluster", "x", "--version", "01.31"), "invalid version"),
        (("apply", "--cluster", "x", "--timeout", "10x"), "invalid duration"),
        (("apply", "--cluster", "x", "--timeout", "0s"), "above zero"),
        (("apply", "--cluster", "x", "--poll-interval", "50ms"), "at least 100ms"),
        (("poll", "--cluster", "x", "--poll-interval", ""), "invalid duration"),
        (("plan", "--cluster", "x", "--output", "yaml"), "--output must be text or json"),
        (("plan", "--cluster", "-bad"), "invalid cluster name"),
        (("plan", "--cluster", "a" * 101), "invalid cluster name"),
        (("plan", "--cluster", "x", "extra"), "unexpected argument"),
        (("plan", "--cluster=x", "--quiet=yes"), "takes no value"),
        (("--name", "x", "--update-id", "u"), "plan does not take --update-id"),
        (("--name", "x", "--approve", "--detailed-exitcode"), "apply does not take --detailed-exitcode"),
    ]

    def test_usage_errors(self):
        for args, needle in self.cases:
            with self.subTest(args=args):
                r = run(*args)
                self.assertEqual(r.returncode, 2, (args, r.stderr))
                self.assertEqual(r.stdout, "")
                lines = r.stderr.splitlines()
                self.assertEqual(len(lines), 1, r.stderr)
                self.assertIn(needle, lines[0])
                self.assertRegex(lines[0], r"\(see eks-upgrade help( \w+)?\)$")

    def test_hint_names_the_command(self):
        r = run("apply", "--cluster", "x", "--timeout", "soon")
        self.assertIn("(see eks-upgrade help apply)", r.stderr)

    def test_accepted_forms_are_not_usage_errors(self):
        # These parse; whatever happens next, it is not exit 2.
        ok = [
            ("plan", "--cluster=demo", "--to=v1.32", "--output=json"),
            ("--name", "demo", "--version", "1.32"),
            ("--name", "demo", "--approve", "--timeout", "1h30m", "--poll-interval", "100ms"),
            ("apply", "--name", "demo", "--timeout", "90", "--poll-interval", "1.5"),
            ("poll", "--cluster", "demo", "--update-id", "abc", "--timeout", "500ms"),
            ("whoami", "--region", "eu-west-1", "--profile", "p", "--quiet", "--no-color", "--debug"),
        ]
        for args in ok:
            with self.subTest(args=args):
                r = run(*args, timeout=30)
                self.assertNotEqual(r.returncode, 2, (args, r.stderr))


class StaticBinary(unittest.TestCase):
    def test_statically_linked_and_stripped(self):
        if shutil.which("file") is None:
            self.skipTest("the file command is not installed")
        out = subprocess.run(["file", "-L", BINARY], capture_output=True, text=True).stdout
        self.assertIn("statically linked", out)
        self.assertIn("stripped", out)
        self.assertNotIn("not stripped", out)

    def test_size_under_one_mebibyte(self):
        self.assertLessEqual(os.path.getsize(BINARY), 1024 * 1024)

    def test_runs_in_an_empty_root(self):
        """SPEC §1: FROM scratch — no /etc, no /lib, no $HOME."""
        if shutil.which("chroot") is None or (os.geteuid() != 0 and shutil.which("unshare") is None):
            self.skipTest("unshare/chroot not available")
        root = tempfile.mkdtemp(prefix="eks-upgrade-scratch-")
        try:
            shutil.copy(BINARY, os.path.join(root, "eks-upgrade"))
            self.assertEqual(sorted(os.listdir(root)), ["eks-upgrade"])
            cmd = [shutil.which("chroot"), root, "/eks-upgrade", "version"]
            if os.geteuid() != 0:
                cmd = [shutil.which("unshare"), "-r"] + cmd
            r = subprocess.run(cmd, capture_output=True, text=True, env={}, timeout=30)
            if r.returncode != 0 and "Operation not permitted" in r.stderr:
                self.skipTest("this sandbox forbids chroot: " + r.stderr.strip())
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("libcurl/8.14.1", r.stdout)
        finally:
            shutil.rmtree(root)


if __name__ == "__main__":
    unittest.main()
