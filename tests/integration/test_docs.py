"""The man page agrees with the program (issue 8): every option in the
option table (src/cmd/cli.c) is documented in src/eks-upgrade.1 and shown by
--help of a command that takes it; the page renders without groff warnings;
`make install` puts both the binary and the page in place."""
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from common import ROOT, run

MAN = os.path.join(ROOT, "src", "eks-upgrade.1")


def option_table():
    with open(os.path.join(ROOT, "src", "cmd", "cli.c")) as f:
        text = f.read()
    return sorted(set(re.findall(r'\{"(--[a-z-]+|-h)", OPT_', text)))


class ManPage(unittest.TestCase):
    def test_every_option_is_in_the_man_page_and_the_help(self):
        with open(MAN) as f:
            page = f.read().replace("\\-", "-")
        helps = "".join(run("help", c).stdout for c in ("plan", "apply", "poll", "whoami", "token"))
        helps += run("help").stdout
        options = option_table()
        self.assertGreater(len(options), 15)
        for opt in options:
            self.assertIn(opt, page, f"{opt} missing from the man page")
            self.assertIn(opt, helps, f"{opt} missing from --help")

    def test_exit_codes_match_the_help(self):
        with open(MAN) as f:
            page = f.read()
        for code in ("0", "1", "2", "3", "4", "5", "6", "130, 143"):
            self.assertIn(f".B {code}\n", page)

    def test_renders_without_warnings(self):
        if shutil.which("groff") is None:
            self.skipTest("groff is not installed")
        r = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", MAN], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stderr, "")

    def test_make_install(self):
        prefix = tempfile.mkdtemp(prefix="eks-upgrade-install-")
        try:
            r = subprocess.run(["make", "-s", "install", f"PREFIX={prefix}"], cwd=ROOT, capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(os.access(os.path.join(prefix, "bin", "eks-upgrade"), os.X_OK))
            self.assertTrue(os.path.isfile(os.path.join(prefix, "share", "man", "man1", "eks-upgrade.1")))
        finally:
            shutil.rmtree(prefix)


if __name__ == "__main__":
    unittest.main()
