"""Runs the Python test suites (black-box tests of the binary, the simulator's
own tests) with unittest and prints one line "N passed, N failed, N skipped",
listing every skip with its reason so nothing is skipped silently.

    python3 tests/run_py.py [--only=test_plan,test_apply] DIR...
"""
import os
import sys
import unittest


def main(argv):
    only = None
    if argv and argv[0].startswith("--only="):
        only = set(argv[0][len("--only="):].split(","))
        argv = argv[1:]
    suite = unittest.TestSuite()
    loader = unittest.TestLoader()
    for d in argv or ["tests/integration"]:
        if only is None:
            suite.addTests(loader.discover(d, pattern="test_*.py", top_level_dir=d))
            continue
        for name in sorted(only):
            if os.path.exists(os.path.join(d, name + ".py")):
                suite.addTests(loader.discover(d, pattern=name + ".py", top_level_dir=d))
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    for test, reason in result.skipped:
        print(f"skipped: {test.id()}: {reason}")
    # One line per failure, so tests/run.sh can repeat them at the very end.
    for test, trace in result.failures + result.errors:
        last = trace.strip().splitlines()[-1] if trace.strip() else ""
        print(f"failed: {test.id()}: {last[:300]}")
    for test in result.unexpectedSuccesses:
        print(f"failed: {test.id()}: unexpected success")
    bad = len(result.failures) + len(result.errors) + len(result.unexpectedSuccesses)
    run = result.testsRun - len(result.skipped)
    label = os.environ.get("EKS_TEST_LABEL", "python")
    print(f"{label}: {run - bad} passed, {bad} failed, {len(result.skipped)} skipped")
    return 0 if bad == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
