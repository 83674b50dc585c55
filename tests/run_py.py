"""Runs the Python test suites (black-box tests of the binary, the simulator's
own tests) with unittest and prints one line "N passed, N failed, N skipped",
listing every skip with its reason so nothing is skipped silently."""
import sys
import unittest


def main(dirs):
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    for d in dirs:
        suite.addTests(loader.discover(d, pattern="test_*.py", top_level_dir=d))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    for test, reason in result.skipped:
        print(f"skipped: {test.id()}: {reason}")
    bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    run = result.testsRun - len(result.skipped)
    print(f"python: {run - bad} passed, {bad} failed, {len(result.skipped)} skipped")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["tests/integration"]))
